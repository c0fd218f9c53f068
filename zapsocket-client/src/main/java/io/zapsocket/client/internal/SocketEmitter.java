package io.zapsocket.client.internal;

import io.zapsocket.client.AckCallback;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.Emitter;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.Parser;
import io.zapsocket.protocol.sio.Encoded;
import io.zapsocket.protocol.sio.ReservedEvents;
import io.zapsocket.protocol.sio.SioEncoder;
import io.zapsocket.protocol.sio.SioPacket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The immutable emit operator of a namespace socket: validates and encodes on the caller's thread, then hands the
 * {@link EmitRequest} to the socket. {@code timeoutMillis}: {@link #OPTIONS_TIMEOUT} = the options' ackTimeout.
 */
final class SocketEmitter implements Emitter {
    static final long OPTIONS_TIMEOUT = -2;
    /** The field of the trailing argument that carries an emit's idempotency key (zapsocket-sync's wire format). */
    static final String IDEMPOTENCY_KEY = "zs:idem";

    private final DefaultClientSocket socket;
    private final boolean isVolatile;
    private final long timeoutMillis;
    private final boolean timeoutFromWrite;

    SocketEmitter(DefaultClientSocket socket, boolean isVolatile, long timeoutMillis, boolean timeoutFromWrite) {
        this.socket = socket;
        this.isVolatile = isVolatile;
        this.timeoutMillis = timeoutMillis;
        this.timeoutFromWrite = timeoutFromWrite;
    }

    @Override
    public CompletableFuture<Void> emit(String event, Object... args) {
        CompletableFuture<Void> written = socket.newFuture();
        socket.submit(prepare(event, args, written, null, null));
        return written;
    }

    @Override
    public void emit(String event, AckCallback callback, Object... args) {
        Objects.requireNonNull(callback, "callback");
        socket.submit(prepare(event, args, null, null, callback));
    }

    @Override
    public CompletableFuture<Args> emitWithAck(String event, Object... args) {
        CompletableFuture<Args> acked = socket.newFuture();
        socket.submit(prepare(event, args, null, acked, null));
        return acked;
    }

    @Override
    public Emitter timeout(Duration timeout) {
        return new SocketEmitter(socket, isVolatile, positiveMillis(timeout), false);
    }

    @Override
    public Emitter timeoutAfterWrite(Duration timeout) {
        return new SocketEmitter(socket, isVolatile, positiveMillis(timeout), true);
    }

    @Override
    public Emitter asVolatile() {
        return new SocketEmitter(socket, true, timeoutMillis, timeoutFromWrite);
    }

    private static long positiveMillis(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return timeout.toMillis();
    }

    private EmitRequest prepare(String event, Object[] args, CompletableFuture<Void> written,
                                CompletableFuture<Args> acked, AckCallback callback) {
        Objects.requireNonNull(event, "event");
        if (ReservedEvents.isReserved(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
        String nsp = socket.namespace();
        ClientOptions options = socket.options();
        List<Object> argList = args == null ? List.of() : Arrays.asList(args.clone());
        if (options.idempotencyKeys() && options.retries() > 0 && !isVolatile) {
            // at-least-once: one key per emit, encoded once, so every resend carries the same (docs/sync.md)
            List<Object> keyed = new ArrayList<>(argList.size() + 1);
            keyed.addAll(argList);
            keyed.add(Map.of(IDEMPOTENCY_KEY, UUID.randomUUID().toString()));
            argList = keyed;
        }
        List<Object> data = new ArrayList<>(argList.size() + 1);
        data.add(event);
        data.addAll(argList);
        SioPacket packet = SioPacket.event(nsp, data);
        Encoded encoded = SioEncoder.INSTANCE.encode(packet); // throws IAE for bad args
        long timeout = timeoutMillis != OPTIONS_TIMEOUT ? timeoutMillis
                : options.ackTimeout() != null ? options.ackTimeout().toMillis() : -1;
        EmitRequest req = new EmitRequest(nsp, event, argList, encoded, isVolatile, timeout, written, acked, callback);
        req.timeoutFromWrite = timeoutFromWrite;
        return options.parser() == Parser.MSGPACK ? req.msgpack(packet) : req;
    }
}
