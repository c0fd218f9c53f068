package io.zapsocket.sync;

import io.zapsocket.sync.store.PresenceRecord;
import io.zapsocket.sync.store.SyncStore;
import java.util.concurrent.TimeUnit;

/**
 * A node in its own JVM for {@link NodeKillTest}: tracks {@code count} members in room {@code lobby} through a Redis
 * store (default heartbeat and node timeout), prints {@code ready}, then waits to be killed with {@code kill -9}.
 */
public final class CrashingNodeMain {
    private CrashingNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        SyncStore store = SyncStores.redis(args[0], SyncOptions.defaults());
        int count = Integer.parseInt(args[1]);
        for (int i = 0; i < count; i++) {
            store.track("lobby", new PresenceRecord("ref-" + i, "user-" + (i % 3), "{\"i\":" + i + "}"))
                    .get(5, TimeUnit.SECONDS);
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
}
