package io.zapsocket.sync.internal;

/**
 * A hybrid logical clock: stamps {@code <millis, 13 digits>.<counter, 6 digits>.<node>} that sort as strings in
 * causal order (a stamp issued after a node saw another is greater), ties broken by the node id. Thread-safe.
 */
final class Hlc {
    private final String node;
    private long millis;
    private long counter;

    Hlc(String node) {
        this.node = node;
    }

    /** A new stamp, greater than every stamp issued or seen here. */
    synchronized String now() {
        long wall = System.currentTimeMillis();
        if (wall > millis) {
            millis = wall;
            counter = 0;
        } else if (counter < 999_999) {
            counter++;
        } else {
            millis++; // a million stamps in one millisecond: borrow the next one
            counter = 0;
        }
        return format(millis, counter, node);
    }

    /** Takes a stamp seen from another node into account. */
    synchronized void observe(String stamp) {
        if (stamp == null || stamp.length() < 20) {
            return;
        }
        try {
            long m = Long.parseLong(stamp.substring(0, 13));
            long c = Long.parseLong(stamp.substring(14, 20));
            if (m > millis || (m == millis && c > counter)) {
                millis = m;
                counter = c;
            }
        } catch (NumberFormatException e) {
            // not one of ours: ignore
        }
    }

    static String format(long millis, long counter, String node) {
        return String.format("%013d.%06d.%s", Math.max(0, millis), Math.min(counter, 999_999), node);
    }
}
