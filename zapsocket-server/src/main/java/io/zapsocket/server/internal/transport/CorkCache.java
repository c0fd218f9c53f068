package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

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
    private ByteBuf cork;
    private long hits;

    /**
     * A buffer (owned by the caller) holding {@code count} frames of {@code list} from {@code from} on as complete
     * WebSocket frames: a view of the remembered cork if it was built from the same frames, else a new cork, which
     * is remembered in turn.
     *
     * @param bytes the length of the cork (the sum of the frames' WebSocket frame lengths)
     */
    ByteBuf cork(List<OutFrame> list, int from, int count, int bytes, ByteBufAllocator alloc) {
        if (cork != null && count == this.count && sameFrames(list, from, count)) {
            hits++;
            return cork.retainedDuplicate();
        }
        ByteBuf b = WsConnection.buildCork(list, from, count, bytes, alloc);
        clear();
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
