package io.zapsocket.client.internal;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpMethod;
import io.zapsocket.client.TransportException;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.engine.EngineCodec;
import io.zapsocket.protocol.engine.EnginePacket;

import java.util.List;
import java.util.Map;

/**
 * HTTP long-polling: one GET lane always waiting for the server's next payload, one POST lane sending the client's
 * payloads, each with at most one request in flight. Runs on the client's event loop; not thread-safe.
 */
final class PollingTransport extends EngineTransport {
    private static final int SNIPPET = 200;

    private final Endpoint endpoint;
    private final HttpLane getLane;
    private final HttpLane postLane;
    private boolean paused;
    private Runnable onPaused;

    PollingTransport(Listener listener, String sid, EventLoop loop, Endpoint endpoint, Map<String, String> headers,
                     int maxResponseBytes, int connectTimeoutMillis) {
        super(listener, sid);
        this.endpoint = endpoint;
        this.getLane = new HttpLane(loop, endpoint, headers, maxResponseBytes, connectTimeoutMillis, "polling GET");
        this.postLane = new HttpLane(loop, endpoint, headers, maxResponseBytes, connectTimeoutMillis, "polling POST");
    }

    @Override
    Transport type() {
        return Transport.POLLING;
    }

    @Override
    void open() {
        poll();
    }

    private void poll() {
        if (closed || paused || getLane.busy()) {
            return;
        }
        getLane.request(HttpMethod.GET, endpoint.pollingTarget(sid), null, new HttpLane.Callback() {
            @Override
            public void onResponse(int status, String contentType, String body) {
                onPollResponse(status, body);
            }

            @Override
            public void onError(Throwable cause) {
                fail(new TransportException("xhr poll error: " + cause.getMessage(), cause));
            }
        });
    }

    private void onPollResponse(int status, String body) {
        if (closed) {
            return;
        }
        if (status != 200) {
            fail(new TransportException("xhr poll error: HTTP " + status + " " + snippet(body)));
            return;
        }
        try {
            EngineCodec.decodePayload(body, this::received);
        } catch (ProtocolException e) {
            fail(new ProtocolException("invalid polling payload from the server (" + e.getMessage() + "): "
                    + snippet(body), e));
            return;
        }
        if (closed) {
            return;
        }
        if (paused) {
            checkPaused();
        } else if (sid != null) {
            poll();
        }
    }

    @Override
    boolean writable() {
        return !closed && !paused && sid != null && !postLane.busy();
    }

    @Override
    void send(List<EnginePacket> packets) {
        postLane.request(HttpMethod.POST, endpoint.pollingTarget(sid), EngineCodec.encodePayload(packets),
                new HttpLane.Callback() {
                    @Override
                    public void onResponse(int status, String contentType, String body) {
                        if (closed) {
                            return;
                        }
                        if (status != 200) {
                            fail(new TransportException("xhr post error: HTTP " + status + " " + snippet(body)));
                            return;
                        }
                        // drain first: the engine must account for these packets before an upgrade switches
                        listener.onTransportDrain(PollingTransport.this);
                        if (paused && !closed) {
                            checkPaused();
                        }
                    }

                    @Override
                    public void onError(Throwable cause) {
                        fail(new TransportException("xhr post error: " + cause.getMessage(), cause));
                    }
                });
    }

    @Override
    void pause(Runnable onPaused) {
        paused = true;
        this.onPaused = onPaused;
        checkPaused();
    }

    private void checkPaused() {
        if (onPaused != null && !getLane.busy() && !postLane.busy()) {
            Runnable r = onPaused;
            onPaused = null;
            r.run();
        }
    }

    @Override
    void resume() {
        paused = false;
        onPaused = null;
        poll();
    }

    @Override
    void close(boolean graceful, Runnable onClosed) {
        if (closed) {
            run(onClosed);
            return;
        }
        closed = true;
        if (graceful && sid != null && !postLane.busy()) {
            // Tell the server (it answers the pending GET with a noop and ends the session), then drop both lanes.
            postLane.request(HttpMethod.POST, endpoint.pollingTarget(sid),
                    EngineCodec.encodePacket(EnginePacket.CLOSE), new HttpLane.Callback() {
                        @Override
                        public void onResponse(int status, String contentType, String body) {
                            done();
                        }

                        @Override
                        public void onError(Throwable cause) {
                            done();
                        }

                        private void done() {
                            getLane.close();
                            postLane.close();
                            run(onClosed);
                        }
                    });
        } else {
            getLane.close();
            postLane.close();
            run(onClosed);
        }
    }

    private static void run(Runnable r) {
        if (r != null) {
            r.run();
        }
    }

    static String snippet(String body) {
        if (body == null) {
            return "";
        }
        String s = body.length() > SNIPPET ? body.substring(0, SNIPPET) + "…" : body;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
