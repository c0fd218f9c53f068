package io.zapsocket.bench.jmh;

import io.zapsocket.protocol.engine.EngineCodec;
import io.zapsocket.protocol.engine.EnginePacket;
import io.zapsocket.protocol.sio.Encoded;
import io.zapsocket.protocol.sio.SioDecoder;
import io.zapsocket.protocol.sio.SioEncoder;
import io.zapsocket.protocol.sio.SioPacket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The codec on typical packets: a chat-like event with an object argument, the echo of the load scenarios, an ack,
 * and a binary event (one 1 KiB attachment). Encode is Socket.IO packet → wire text (+ attachments); decode is wire
 * text → Engine.IO packet → Socket.IO packet, as the server does for every inbound message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
    private SioPacket chat;
    private SioPacket echo;
    private SioPacket ack;
    private SioPacket binary;
    private String chatWire;
    private String echoWire;
    private String binaryWire;
    private byte[] attachment;

    @Setup
    public void setup() {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("room", "lobby");
        msg.put("user", "alice");
        msg.put("text", "hello everyone, how are you doing today?");
        msg.put("ts", 1_700_000_000_000L);
        chat = SioPacket.event("/", List.of("chat", msg));
        echo = SioPacket.event("/", 17, List.of("echo", "hello, this is a 48-byte benchmark echo payload"));
        ack = SioPacket.ack("/", 17, List.of("hello, this is a 48-byte benchmark echo payload"));
        attachment = new byte[1024];
        for (int i = 0; i < attachment.length; i++) {
            attachment[i] = (byte) i;
        }
        binary = SioPacket.event("/", List.of("upload", Map.of("name", "file.bin", "data", attachment)));
        chatWire = "4" + SioEncoder.INSTANCE.encode(chat).text();
        echoWire = "4" + SioEncoder.INSTANCE.encode(echo).text();
        binaryWire = "4" + SioEncoder.INSTANCE.encode(binary).text();
    }

    @Benchmark
    public Encoded encodeChatEvent() {
        return SioEncoder.INSTANCE.encode(chat);
    }

    @Benchmark
    public Encoded encodeEchoEvent() {
        return SioEncoder.INSTANCE.encode(echo);
    }

    @Benchmark
    public Encoded encodeAck() {
        return SioEncoder.INSTANCE.encode(ack);
    }

    @Benchmark
    public Encoded encodeBinaryEvent() {
        return SioEncoder.INSTANCE.encode(binary);
    }

    @Benchmark
    public SioPacket decodeChatEvent() {
        EnginePacket p = EngineCodec.decodePacket(chatWire);
        return new SioDecoder().addText(p.text());
    }

    @Benchmark
    public SioPacket decodeEchoEvent() {
        EnginePacket p = EngineCodec.decodePacket(echoWire);
        return new SioDecoder().addText(p.text());
    }

    @Benchmark
    public void decodeBinaryEvent(Blackhole bh) {
        EnginePacket p = EngineCodec.decodePacket(binaryWire);
        SioDecoder d = new SioDecoder();
        bh.consume(d.addText(p.text()));
        bh.consume(d.addBinary(attachment));
    }

    @Benchmark
    public byte[] engineUtf8() {
        return EngineCodec.encodePacketUtf8(EnginePacket.message(echoWire.substring(1)));
    }
}
