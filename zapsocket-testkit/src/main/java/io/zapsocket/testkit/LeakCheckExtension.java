package io.zapsocket.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test class: collects garbage, makes Netty's leak detectors look at their reference queues, and fails
 * the class if any buffer leaked. Registered automatically (service loader + {@code junit-platform.properties}).
 */
public final class LeakCheckExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
            // the detectors report when they track a new resource: allocate one of each common kind
            release(PooledByteBufAllocator.DEFAULT.directBuffer(1));
            release(PooledByteBufAllocator.DEFAULT.heapBuffer(1));
            release(UnpooledByteBufAllocator.DEFAULT.directBuffer(1));
            release(UnpooledByteBufAllocator.DEFAULT.heapBuffer(1));
        }
        List<String> leaks = RecordingLeakDetector.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) reported during "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
        }
    }

    private static void release(ByteBuf buf) {
        buf.release();
    }
}
