package io.zapsocket.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.util.ReferenceCountUtil;
import io.zapsocket.protocol.sio.Encoded;
import io.zapsocket.protocol.sio.SioEncoder;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.internal.engine.OutboundMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Broadcast encoding, split like the server splits it: once per broadcast ({@link #prepareBroadcast}: Socket.IO
 * encode, the shared {@link OutboundMessage} and its cached UTF-8 form), and once per recipient: the old path (a
 * {@link TextWebSocketFrame} around the shared bytes, framed by Netty's {@link WebSocket08FrameEncoder}), a pooled
 * frame built once and written as a {@code retainedDuplicate()} per recipient (what the bare-Netty floor of the load
 * benchmarks does), or what the server does now: a read-only view of a frame built once in GC-owned direct memory
 * (the server's {@code OutFrame}). All per-recipient variants go through the same {@link EmbeddedChannel}, whose cost
 * is in each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BroadcastEncodingBenchmark {
    private SioPacket packet;
    private byte[] utf8;
    private ByteBuf prebuiltFrame;
    private java.nio.ByteBuffer sharedFrame;
    private EmbeddedChannel channel;

    @Setup(Level.Trial)
    public void setup() {
        String payload = "0000000001:" + "x".repeat(89); // the 100 B payload of the fan-out scenario
        packet = SioPacket.event("/", List.of("msg", payload));
        Encoded e = SioEncoder.INSTANCE.encode(packet);
        utf8 = OutboundMessage.of(e.text(), e.attachments(), true).utf8WithType();
        prebuiltFrame = PooledByteBufAllocator.DEFAULT.directBuffer(utf8.length + 2);
        prebuiltFrame.writeByte(0x81).writeByte(utf8.length).writeBytes(utf8);
        sharedFrame = java.nio.ByteBuffer.allocateDirect(utf8.length + 2);
        sharedFrame.put((byte) 0x81).put((byte) utf8.length).put(utf8).flip();
        sharedFrame = sharedFrame.asReadOnlyBuffer();
        channel = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        prebuiltFrame.release();
        channel.finishAndReleaseAll();
    }

    /** Once per broadcast: encode, wrap, UTF-8. */
    @Benchmark
    public byte[] prepareBroadcast() {
        Encoded e = SioEncoder.INSTANCE.encode(packet);
        return OutboundMessage.of(e.text(), e.attachments(), true).utf8WithType();
    }

    /** Per recipient, the old path: a frame object around the shared bytes, framed by Netty's encoder. */
    @Benchmark
    public Object perRecipientNettyFrameEncoder() {
        channel.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)));
        Object out = channel.readOutbound();
        ReferenceCountUtil.release(out);
        return out;
    }

    /** Per recipient, prebuilt: a duplicate of one frame (header included) built once per broadcast. */
    @Benchmark
    public Object perRecipientPrebuiltFrame() {
        channel.writeOutbound(prebuiltFrame.retainedDuplicate());
        Object out = channel.readOutbound();
        ReferenceCountUtil.release(out);
        return out;
    }

    /** Per recipient, the server's path: a view of a frame built once in GC-owned direct memory. */
    @Benchmark
    public Object perRecipientSharedView() {
        channel.writeOutbound(Unpooled.wrappedBuffer(sharedFrame));
        Object out = channel.readOutbound();
        ReferenceCountUtil.release(out);
        return out;
    }
}
