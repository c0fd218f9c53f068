/**
 * The experimental WebTransport (HTTP/3) Engine.IO transport: {@link io.zapsocket.webtransport.WebTransportServer},
 * its {@link io.zapsocket.webtransport.WebTransportOptions} and {@link io.zapsocket.webtransport.DevCertificate}.
 */
package io.zapsocket.webtransport;
