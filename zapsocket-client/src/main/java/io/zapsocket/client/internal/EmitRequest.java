package io.zapsocket.client.internal;

import io.zapsocket.client.AckCallback;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.engine.EnginePacket;
import io.zapsocket.protocol.sio.Encoded;
import io.zapsocket.protocol.sio.SioDecoder;
import io.zapsocket.protocol.sio.SioMsgpackCodec;
import io.zapsocket.protocol.sio.SioPacket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One emit, encoded on the caller's thread without an ack id (so that bad arguments fail at the call, and later
 * changes to them don't matter); the id is spliced in when the packet is written, a new one for every retry. How it
 * completes depends on the caller: a written-future ({@code emit}), an ack future ({@code emitWithAck}) or an
 * {@link AckCallback}. Completion state is confined to the event loop; the completions themselves run on the
 * listener dispatcher.
 */
final class EmitRequest {
    final String event;
    final List<Object> args;
    final Encoded encoded;
    private final int idPos;
    final boolean isVolatile;
    /** Ack timeout in ms, or -1 for none. */
    final long timeoutMillis;
    final CompletableFuture<Void> written;
    final CompletableFuture<Args> acked;
    final AckCallback callback;
    /** Sequence number in the persistent store, or -1. */
    long storeSeq = -1;
    /** The id of its entry in the {@link AckTable} (a plain emit with ack), or -1. Loop only. */
    long ackId = -1;
    /** Whether the ack timeout starts when the packet is written (not at the emit). Set before it is shared. */
    boolean timeoutFromWrite;
    /** Whether it waits in the {@link OfflineBuffer}. Loop only. */
    boolean buffered;
    private boolean done;
    /** The msgpack parser's packet (without id); {@code null} with the default parser. */
    private SioPacket msgpackPacket;

    EmitRequest(String nsp, String event, List<Object> args, Encoded encoded, boolean isVolatile, long timeoutMillis,
                CompletableFuture<Void> written, CompletableFuture<Args> acked, AckCallback callback) {
        this.event = event;
        this.args = args;
        this.encoded = encoded;
        this.idPos = idPosition(encoded.text(), nsp);
        this.isVolatile = isVolatile;
        this.timeoutMillis = timeoutMillis;
        this.written = written;
        this.acked = acked;
        this.callback = callback;
    }

    /** Where the ack id goes in {@code <type>[<n>-][<nsp>,]<json>}. */
    static int idPosition(String text, String nsp) {
        int pos = 1;
        char type = text.charAt(0);
        if (type == '5' || type == '6') {
            pos = text.indexOf('-') + 1;
        }
        if (!SioPacket.MAIN_NAMESPACE.equals(nsp)) {
            pos += nsp.length() + 1;
        }
        return pos;
    }

    /**
     * Switches this request to the msgpack parser ({@code socket.io-msgpack-parser}): {@link #packets} then writes
     * {@code packet} (given without id) as one binary message. {@code packet} {@code null}: rebuilt from the default
     * form (a request restored from the persistent store). Before the request is shared; returns this.
     */
    EmitRequest msgpack(SioPacket packet) {
        this.msgpackPacket = packet != null ? packet : decodeDefaultForm();
        return this;
    }

    private SioPacket decodeDefaultForm() {
        SioDecoder decoder = new SioDecoder(Integer.MAX_VALUE);
        SioPacket p = decoder.addText(encoded.text());
        for (byte[] b : encoded.attachments()) {
            p = decoder.addBinary(b);
        }
        return p;
    }

    /** Whether the caller wants the server's acknowledgement. */
    boolean wantsAck() {
        return acked != null || callback != null;
    }

    boolean isDone() {
        return done;
    }

    /** The Engine.IO packets of this emit, with {@code id} (or none when negative). */
    List<EnginePacket> packets(long id) {
        if (msgpackPacket != null) {
            SioPacket p = msgpackPacket;
            if (id >= 0) {
                p = new SioPacket(p.type(), p.nsp(), id, p.data());
            }
            return List.of(EnginePacket.binary(SioMsgpackCodec.encode(p)));
        }
        String text = encoded.text();
        if (id >= 0) {
            text = text.substring(0, idPos) + id + text.substring(idPos);
        }
        List<EnginePacket> out = new ArrayList<>(1 + encoded.attachments().size());
        out.add(EnginePacket.message(text));
        for (byte[] b : encoded.attachments()) {
            out.add(EnginePacket.binary(b));
        }
        return out;
    }

    /** Marks the request done; returns false if it already was. Loop only. */
    boolean finish() {
        if (done) {
            return false;
        }
        done = true;
        return true;
    }
}
