package io.zapsocket.bench.jmh;

import io.zapsocket.protocol.sio.SioMsgpackCodec;
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

/**
 * {@link CodecBenchmark}'s packets through the msgpack parser ({@code ServerOptions.parser(Parser.MSGPACK)}): encode
 * is Socket.IO packet → one binary message, decode is binary message → Socket.IO packet. Compare with the
 * {@code CodecBenchmark} rows of the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MsgpackCodecBenchmark {
    private SioPacket chat;
    private SioPacket echo;
    private SioPacket ack;
    private SioPacket binary;
    private byte[] chatWire;
    private byte[] echoWire;
    private byte[] binaryWire;

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
        byte[] attachment = new byte[1024];
        for (int i = 0; i < attachment.length; i++) {
            attachment[i] = (byte) i;
        }
        binary = SioPacket.event("/", List.of("upload", Map.of("name", "file.bin", "data", attachment)));
        chatWire = SioMsgpackCodec.encode(chat);
        echoWire = SioMsgpackCodec.encode(echo);
        binaryWire = SioMsgpackCodec.encode(binary);
    }

    @Benchmark
    public byte[] encodeChatEvent() {
        return SioMsgpackCodec.encode(chat);
    }

    @Benchmark
    public byte[] encodeEchoEvent() {
        return SioMsgpackCodec.encode(echo);
    }

    @Benchmark
    public byte[] encodeAck() {
        return SioMsgpackCodec.encode(ack);
    }

    @Benchmark
    public byte[] encodeBinaryEvent() {
        return SioMsgpackCodec.encode(binary);
    }

    @Benchmark
    public SioPacket decodeChatEvent() {
        return SioMsgpackCodec.decode(chatWire);
    }

    @Benchmark
    public SioPacket decodeEchoEvent() {
        return SioMsgpackCodec.decode(echoWire);
    }

    @Benchmark
    public SioPacket decodeBinaryEvent() {
        return SioMsgpackCodec.decode(binaryWire);
    }
}
