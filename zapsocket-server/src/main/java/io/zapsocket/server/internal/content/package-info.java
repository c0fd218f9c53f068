/**
 * HTTP content next to the Engine.IO endpoint: the official browser client ({@code serveClient}) and the
 * application's static files ({@link io.zapsocket.server.StaticContent}), as exact and prefix routes of the
 * {@link io.zapsocket.server.internal.transport.HttpServerHost}. Files are read on a small executor, never on an
 * event loop; answers are whole heap arrays (no pooled buffers cross threads).
 */
package io.zapsocket.server.internal.content;
