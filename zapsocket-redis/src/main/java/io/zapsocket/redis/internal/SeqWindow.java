package io.zapsocket.redis.internal;

/**
 * The {@code zseq} numbers of one publishing node already applied here: the highest one and, below it, a window of
 * {@value #WINDOW} numbers remembered one by one. An entry is a copy when its number was applied before (or is older
 * than the window); an entry that arrives after a higher one (the stream got them out of order) is still applied once
 * rather than dropped as a copy. The publisher keeps a stream in order through a Redis Cluster failover (see
 * {@link StreamPublisher}; the former routing connection did not, and a high-water mark then lost the entries sent
 * during the failover); the window is a second line of defence.
 */
final class SeqWindow {
    /** Covers a re-sent pipeline (256) and a replay after Redis lost entries (at most 1 000). */
    static final int WINDOW = 2048;
    private final long[] bits = new long[WINDOW / 64];
    private long high = -1;

    /** Records {@code n}; returns {@code false} when it was recorded before (a copy). */
    boolean firstTime(long n) {
        if (n > high) {
            long shift = high < 0 ? WINDOW : n - high;
            if (shift >= WINDOW) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long k = high + 1; k < n; k++) {
                    clear(k);
                }
            }
            high = n;
            set(n);
            return true;
        }
        if (n <= high - WINDOW) {
            return false;
        }
        if (isSet(n)) {
            return false;
        }
        set(n);
        return true;
    }

    private int slot(long n) {
        return (int) Math.floorMod(n, (long) WINDOW);
    }

    private boolean isSet(long n) {
        int s = slot(n);
        return (bits[s >>> 6] & (1L << (s & 63))) != 0;
    }

    private void set(long n) {
        int s = slot(n);
        bits[s >>> 6] |= 1L << (s & 63);
    }

    private void clear(long n) {
        int s = slot(n);
        bits[s >>> 6] &= ~(1L << (s & 63));
    }
}
