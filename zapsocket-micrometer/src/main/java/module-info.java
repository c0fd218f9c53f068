/**
 * Micrometer metrics for Zap-Socket servers: {@link io.zapsocket.micrometer.ZapSocketMetrics} (a
 * {@code MeterBinder} over the server's {@code ServerObserver} and {@code stats()}) and
 * {@link io.zapsocket.micrometer.RedisAdapterMetrics} (the Redis adapter's connection figures, when
 * {@code zapsocket-redis} is present) and {@link io.zapsocket.micrometer.SyncMetrics} (the sync layer's figures, when
 * {@code zapsocket-sync} is present).
 */
@SuppressWarnings("requires-automatic") // Micrometer ships no module descriptor; its name is stable
module io.zapsocket.micrometer {
    requires transitive io.zapsocket.server;
    requires transitive micrometer.core;
    requires static io.zapsocket.redis;
    requires static io.zapsocket.sync; // SyncMetrics only: zapsocket-sync stays free of Micrometer

    exports io.zapsocket.micrometer;
}
