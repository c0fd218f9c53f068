package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * The last cork built on one event loop, kept for the next connection that writes the very same frames: when a loop
 * flushes the recipients of the same broadcasts one after the other (a room under load: every member's queue holds
 * the same messages), the frames are copied into one buffer once and every further recipient writes a view of it,
 * the way uWebSockets' pub/sub sends every subscriber the same batch. Frames are compared by identity, so a hit is
 * exactly the bytes the connection would have built itself.
 *
 * <p>Confined to its loop. The buffer is released when the next cork replaces it or at {@link #clear()}, which the
 * loop's flush task calls when it is done; views that connections still hold keep its memory until written.
 */
public final class CorkCache {
    /** More frames than this are not remembered (a cork is at most {@link WsConnection#CORK_MAX_BYTES} anyway). */
    private static final int MAX_FRAMES = 256;

    private final OutFrame[] frames = new OutFrame[MAX_FRAMES];
    private int count;
    /** The {@link WsConnection#corkKey()} of the connection the cork was built for. */
    private long key;
    private ByteBuf cork;
    private long hits;

    /**
     * A buffer (owned by the caller) holding {@code count} frames of {@code list} from {@code from} on as complete
     * WebSocket frames as {@code conn} writes them: a view of the remembered cork if it was built from the same
     * frames for a connection with the same {@link WsConnection#corkKey()} (the same bytes: compressed frames shared
     * without context takeover, or not), else a new cork, which is remembered in turn.
     *
     * @param bytes the length of the cork (the sum of the frames' lengths as {@code conn} writes them)
     */
    ByteBuf cork(List<OutFrame> list, int from, int count, int bytes, WsConnection conn) {
        long k = conn.corkKey();
        if (cork != null && count == this.count && k == key && sameFrames(list, from, count)) {
            hits++;
            return cork.retainedDuplicate();
        }
        ByteBuf b = conn.buildCork(list, from, count, bytes);
        clear();
        key = k;
        if (count <= MAX_FRAMES) {
            for (int i = 0; i < count; i++) {
                frames[i] = list.get(from + i);
            }
            this.count = count;
            cork = b;
            return b.retainedDuplicate();
        }
        return b;
    }

    private boolean sameFrames(List<OutFrame> list, int from, int count) {
        for (int i = 0; i < count; i++) {
            if (frames[i] != list.get(from + i)) {
                return false;
            }
        }
        return true;
    }

    /** Forgets the cork (its memory goes once every view of it is written) and the frames. */
    public void clear() {
        if (cork != null) {
            cork.release();
            cork = null;
        }
        for (int i = 0; i < count; i++) {
            frames[i] = null;
        }
        count = 0;
    }

    /** Corks taken from this cache instead of built (for tests). */
    long hits() {
        return hits;
    }
}
