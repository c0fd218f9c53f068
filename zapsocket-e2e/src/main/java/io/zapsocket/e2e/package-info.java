/**
 * End-to-end payload encryption: {@link io.zapsocket.e2e.PayloadCipher} seals a value into an envelope and opens it
 * again with the keys of a {@link io.zapsocket.e2e.RoomKeyring}; {@code zap-e2e.js} (a resource of this jar,
 * {@code io/zapsocket/e2e/browser/zap-e2e.js}) does the same in browsers with WebCrypto. The envelope format is
 * documented on {@link io.zapsocket.e2e.PayloadCipher}.
 */
package io.zapsocket.e2e;
