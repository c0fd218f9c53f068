/**
 * The sync layer of Zap-Socket: stream rooms (one total order per room, bounded history with offset and epoch,
 * gap fill, resume after reconnect) and presence, in memory on one node or cluster-wide on Redis. API in
 * {@code io.zapsocket.sync}, the store SPI in {@code io.zapsocket.sync.store}, the Java client's
 * stream follower in {@code io.zapsocket.sync.client} (needs {@code zapsocket-client}); {@code internal} is not exported.
 */
@SuppressWarnings("requires-automatic") // Lettuce ships no module descriptor; its name is stable
module io.zapsocket.sync {
    requires transitive io.zapsocket.server;
    requires lettuce.core;
    requires org.slf4j;
    requires static io.zapsocket.client; // only for io.zapsocket.sync.client (optional dependency)

    exports io.zapsocket.sync;
    exports io.zapsocket.sync.store;
    exports io.zapsocket.sync.client;
}
