/**
 * The official Socket.IO Admin UI for Zap-Socket: {@link io.zapsocket.admin.AdminUi#instrument} installs what
 * {@code @socket.io/admin-ui} 0.5 expects on a server (its admin namespace, authentication, the stats, the events
 * feed and the operations).
 */
package io.zapsocket.admin;
