/**
 * End-to-end payload encryption for Zap-Socket: AES-256-GCM envelopes sealed and opened by the clients with keys
 * the application gives per room ({@link io.zapsocket.e2e.PayloadCipher}); the server relays them unread.
 */
module io.zapsocket.e2e {
    requires transitive io.zapsocket.protocol;

    exports io.zapsocket.e2e;
}
