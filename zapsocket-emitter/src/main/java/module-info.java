/**
 * The Zap-Socket emitter: emit to a cluster of Zap-Socket and Node socket.io servers through Redis from any JVM
 * process, without a server ({@link io.zapsocket.emitter.Emitter}). The {@code internal} package is not exported.
 */
@SuppressWarnings("requires-automatic") // Lettuce ships no module descriptor; its name is stable
module io.zapsocket.emitter {
    requires transitive io.zapsocket.protocol;
    requires lettuce.core;
    requires org.slf4j;

    exports io.zapsocket.emitter;
}
