package io.zapsocket.sync;

import java.util.concurrent.TimeUnit;

/**
 * A whole node (server + {@link Sync} on Redis, default heartbeat and node timeout) in its own JVM for
 * {@link PresenceScaleTest}: prints {@code port <n>}, then serves until it is killed with {@code kill -9}.
 */
public final class PresenceNodeMain {
    private PresenceNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Node node = new Node(SyncStores.redis(args[0], SyncOptions.defaults()), SyncOptions.defaults());
        System.out.println("port " + node.port);
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5)); // the test kills this JVM long before
        node.close();
    }
}
