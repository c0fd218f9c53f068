package io.zapsocket.client.internal;

import io.zapsocket.client.ClientOptions;
import io.zapsocket.protocol.AckTimeoutException;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.ClientClosedException;
import io.zapsocket.protocol.ConnectionClosedException;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.ZapSocketException;
import io.zapsocket.protocol.sio.SioPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sending side of one namespace socket: takes the emits, writes them when connected, keeps them in the
 * {@link OfflineBuffer} or the at-least-once {@link RetryQueue} otherwise, matches acknowledgements in the
 * {@link AckTable} and completes every emit exactly once (on the dispatcher). Confined to the event loop except
 * {@link #submit} and {@link #bufferedCount}.
 */
final class Outbox implements RetryQueue.Host {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final DefaultSocketClient client;
    private final String nsp;
    private final ClientOptions options;
    private final SocketListeners listeners;
    private final AckTable acks = new AckTable();
    private final OfflineBuffer sendBuffer;
    private final RetryQueue retryQueue;
    /**
     * Emits accepted and not yet written: submitted (counted on the caller's thread, so that a caller sees its own
     * emits at once), in the offline buffer or in the retry queue. Changed by one atomic add per step.
     */
    private final AtomicInteger waiting = new AtomicInteger();
    /** The buffer + queue size last added to {@link #waiting}. Loop. */
    private int countedSize;
    /** Inside {@link #emitOnLoop}: size changes are added at its end, together with the submit's -1. */
    private boolean deferCount;
    private boolean connected;
    private boolean closed;

    Outbox(DefaultSocketClient client, String nsp, ClientOptions options, FileQueueStore store,
           SocketListeners listeners) {
        this.client = client;
        this.nsp = nsp;
        this.options = options;
        this.listeners = listeners;
        this.sendBuffer = new OfflineBuffer(nsp, options.sendBufferSize(), options.overflowPolicy());
        this.retryQueue = new RetryQueue(nsp, options, store, acks, client.scheduler(), this);
    }

    /** Emits not yet written: on their way to the event loop, in the offline buffer or the retry queue. */
    int bufferedCount() {
        return waiting.get();
    }

    /** Takes a prepared emit. Any thread. */
    void submit(EmitRequest req) {
        if (!req.isVolatile) {
            retryQueue.record(req); // before the hop to the loop, so the file keeps the caller's order
        }
        waiting.incrementAndGet();
        client.runOnLoop(() -> {
            deferCount = true;
            try {
                emitOnLoop(req);
            } finally {
                settleSubmitCount();
            }
        }, () -> {
            waiting.decrementAndGet();
            retryQueue.storeDone(req);
            fail(req, new ClientClosedException("the client is closed: the emit was not sent"));
        });
    }

    private void emitOnLoop(EmitRequest req) {
        if (closed) {
            retryQueue.storeDone(req); // never queued: not to be sent by a later process either
            fail(req, new ClientClosedException("the client is closed: the emit was not sent"));
            return;
        }
        if (options.retries() > 0 && !req.isVolatile) {
            retryQueue.enqueue(req);
            return;
        }
        if (req.isVolatile && !(connected && client.engineWritable())) {
            fail(req, new ConnectionClosedException("volatile packet dropped: the socket cannot write now"));
            return;
        }
        if (req.wantsAck()) {
            AckTable.Pending pa = acks.add(req);
            if (!req.timeoutFromWrite || connected) {
                startAckTimer(pa);
            }
        }
        if (connected) {
            write(req, req.ackId, false);
            return;
        }
        if (sendBuffer.add(req, (left, why) -> {
            acks.forget(left);
            fail(left, why);
        })) {
            sizeChanged();
        }
    }

    @Override
    public boolean canSend() {
        return connected && !closed;
    }

    @Override
    public void write(EmitRequest req, long id) {
        write(req, id, true);
    }

    private void write(EmitRequest req, long id, boolean queued) {
        settleSubmitCount();
        client.sendPackets(req.packets(id));
        if (!listeners.anyOutgoing.isEmpty()) {
            listeners.fireOutgoing(req.event, Args.of(new ArrayList<>(req.args)));
        }
        if (!queued && !req.wantsAck()) {
            if (req.finish() && req.written != null) {
                client.dispatch(() -> req.written.complete(null));
            }
        }
    }

    private void startAckTimer(AckTable.Pending pa) {
        if (pa != null && pa.request.timeoutMillis >= 0 && pa.timer == null) {
            long ackId = pa.request.ackId;
            pa.timer = client.scheduler().schedule(pa.request.timeoutMillis, () -> onAckTimeout(ackId));
        }
    }

    private void onAckTimeout(long id) {
        AckTable.Pending pa = acks.remove(id);
        if (pa == null) {
            return;
        }
        pa.timer = null;
        sendBuffer.remove(pa.request);
        sizeChanged();
        fail(pa.request, new AckTimeoutException());
    }

    /** An ACK packet from the server. */
    void onAck(SioPacket p) {
        AckTable.Pending pa = acks.remove(p.id());
        if (pa == null) {
            log.debug("{}: ack for unknown id {}", nsp, p.id());
            return;
        }
        Args response = Args.of(new ArrayList<>(p.args()));
        if (pa.entry != null) {
            retryQueue.onAck(pa.entry, response);
            return;
        }
        pa.cancelTimer();
        succeed(pa.request, response);
    }

    // ---- connection state --------------------------------------------------------------------------------------

    /** The namespace connected: flush the offline buffer in order (ack ids were assigned at emit time), then resend. */
    void onConnected() {
        connected = true;
        while (!sendBuffer.isEmpty() && connected) {
            EmitRequest req = sendBuffer.poll();
            if (!req.isVolatile) {
                if (req.timeoutFromWrite) {
                    startAckTimer(acks.of(req));
                }
                write(req, req.ackId, false);
            }
        }
        sizeChanged();
        retryQueue.onConnected();
    }

    /** The namespace disconnected: acks of packets already sent can't arrive any more; buffered ones keep waiting. */
    void onDisconnected(DisconnectReason reason) {
        connected = false;
        ConnectionClosedException err = new ConnectionClosedException("socket has been disconnected (" + reason + ")");
        for (AckTable.Pending pa : acks.removePlain(pa -> !pa.request.buffered)) {
            fail(pa.request, err);
        }
        retryQueue.onDisconnected();
    }

    /** The client is closing: fail everything still pending. */
    void close() {
        closed = true;
        ClientClosedException err = new ClientClosedException("the client is closed before the server acknowledged"
                + " or before the emit was sent");
        // not marked done in the persistent store: the next client with the same file sends them again
        failWaiting(err, new ClientClosedException(
                "the client is closed; the packet stays in the persistent queue for the next client"));
    }

    /**
     * The socket will not connect without a new {@code connect()} (reconnection gave up, the namespace refused,
     * the auth supplier failed): the emits still waiting fail with {@code why} (in the persistent store they stay,
     * for the next client).
     */
    void giveUp(ConnectionClosedException why) {
        failWaiting(why, why);
    }

    /** Empties the ack table, the buffer and the queue (the count first, so it is 0 when the futures fail). */
    private void failWaiting(ConnectionClosedException err, ConnectionClosedException keptErr) {
        List<AckTable.Pending> awaited = acks.removePlain(pa -> true);
        List<EmitRequest> buffered = sendBuffer.drain();
        List<RetryQueue.Entry> queued = retryQueue.takeAll();
        sizeChanged();
        for (AckTable.Pending pa : awaited) {
            fail(pa.request, err);
        }
        for (EmitRequest req : buffered) {
            fail(req, err);
        }
        retryQueue.failAll(queued, err, keptErr);
    }

    /** Adds packets restored from the persistent store to the front of the retry queue. */
    void restore(List<FileQueueStore.Stored> stored) {
        retryQueue.restore(stored);
    }

    // ---- completion ---------------------------------------------------------------------------------------------

    @Override
    public void succeed(EmitRequest req, Args response) {
        settleSubmitCount();
        if (!req.finish()) {
            return;
        }
        client.dispatch(() -> {
            if (req.acked != null) {
                req.acked.complete(response);
            }
            if (req.written != null) {
                req.written.complete(null);
            }
            if (req.callback != null) {
                listeners.invoke(() -> req.callback.onAck(null, response));
            }
        });
    }

    @Override
    public void fail(EmitRequest req, Throwable error) {
        settleSubmitCount();
        if (!req.finish()) {
            return;
        }
        boolean restoredOnly = req.acked == null && req.written == null && req.callback == null;
        client.dispatch(() -> {
            if (req.acked != null) {
                req.acked.completeExceptionally(error);
            }
            if (req.written != null) {
                req.written.completeExceptionally(error);
            }
            if (req.callback != null) {
                listeners.invoke(() -> req.callback.onAck(error, null));
            }
            if (restoredOnly) {
                listeners.reportError(new ZapSocketException("persisted packet '" + req.event + "' of " + nsp
                        + " was not delivered: " + error.getMessage(), error));
            }
        });
    }

    @Override
    public void sizeChanged() {
        if (!deferCount) {
            count(0);
        }
    }

    /** Inside {@link #emitOnLoop}: counts the submit as arrived, before anything completes (no stale count seen). */
    private void settleSubmitCount() {
        if (deferCount) {
            deferCount = false;
            count(-1);
        }
    }

    /** Adds the change of the buffer + queue size, plus {@code extra}, to {@link #waiting} in one step. */
    private void count(int extra) {
        int size = sendBuffer.size() + retryQueue.size();
        int delta = size - countedSize + extra;
        countedSize = size;
        if (delta != 0) {
            waiting.addAndGet(delta);
        }
    }
}
