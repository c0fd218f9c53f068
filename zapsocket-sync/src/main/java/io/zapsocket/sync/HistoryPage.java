package io.zapsocket.sync;

import java.util.List;

/**
 * A page of a stream room's history.
 *
 * @param stream       the stream room
 * @param epoch        the stream's epoch
 * @param offset       the stream's last offset when the page was read
 * @param publications the publications after the requested offset, in offset order, at most the requested limit
 * @param complete     whether the requested range was still retained: {@code false} when the epoch differs from the
 *                     one the caller gave or when publications after the requested offset have been trimmed (count
 *                     or age bound); then the caller must resync from its source of truth
 * @since 0.2
 */
public record HistoryPage(String stream, String epoch, long offset, List<Publication> publications, boolean complete) {
    public HistoryPage {
        publications = List.copyOf(publications);
    }
}
