package io.zapsocket.redis.internal;

import io.zapsocket.server.adapter.AdapterContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Creates Streams adapters and shares one {@link StreamReader} per stream among their namespaces. */
public final class StreamsAdapters {
    private final RedisLink link;
    private final Map<String, StreamReader> readers = new ConcurrentHashMap<>();
    private final StreamPublisher publisher;

    public StreamsAdapters(RedisLink link) {
        this.link = link;
        this.publisher = new StreamPublisher(link);
    }

    public StreamsAdapter create(AdapterContext context) {
        String stream = StreamsAdapter.streamName(context.namespace(), link.options().streamName(),
                link.options().streamCount());
        synchronized (readers) {
            StreamReader reader = readers.computeIfAbsent(stream, s -> new StreamReader(link, s));
            return new StreamsAdapter(context, link, reader, publisher, stream, a -> {
                synchronized (readers) {
                    if (readers.remove(stream, reader)) {
                        reader.close();
                    }
                }
            });
        }
    }
}
