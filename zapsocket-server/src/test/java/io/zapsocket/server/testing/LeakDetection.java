package io.zapsocket.server.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fails tests on Netty leak reports. As a {@link LauncherSessionListener} (registered in
 * {@code META-INF/services}) it installs, before any buffer class is loaded, a leak-detector factory whose
 * detectors record every report; as a JUnit extension it forces collection after each test class and fails the
 * class if any leak was reported meanwhile.
 */
public final class LeakDetection implements LauncherSessionListener, BeforeAllCallback, AfterAllCallback {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        install();
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation")
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                       long maxActive) {
                ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval, maxActive);
                detector.setLeakListener((type, records) -> LEAKS.add(type + ": " + records));
                return detector;
            }
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        // leaked buffers are reported when their tracker has been collected and another buffer is tracked
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
            List<ByteBuf> bufs = new ArrayList<>();
            for (int j = 0; j < 200; j++) {
                bufs.add(PooledByteBufAllocator.DEFAULT.directBuffer(16));
                bufs.add(UnpooledByteBufAllocator.DEFAULT.heapBuffer(16));
            }
            bufs.forEach(ByteBuf::release);
        }
        if (!LEAKS.isEmpty()) {
            List<String> leaks = new ArrayList<>(LEAKS);
            LEAKS.clear();
            throw new AssertionError(leaks.size() + " Netty leak report(s) during " + context.getDisplayName()
                    + ":\n" + String.join("\n\n", leaks));
        }
    }
}
