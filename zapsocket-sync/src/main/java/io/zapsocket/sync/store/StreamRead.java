package io.zapsocket.sync.store;

import java.util.List;

/**
 * The answer of {@link SyncStore#read}.
 *
 * @param stream  the stream room
 * @param epoch   its epoch (a stream read before any publication gets its epoch then)
 * @param top     its last offset (0 before the first publication)
 * @param first   the first offset still retained and not expired ({@code top + 1} when nothing is retained)
 * @param entries the entries read, in offset order
 * @since 0.2
 */
public record StreamRead(String stream, String epoch, long top, long first, List<StoredEntry> entries) {
    public StreamRead {
        entries = List.copyOf(entries);
    }
}
