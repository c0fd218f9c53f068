package io.zapsocket.sync.internal;

import io.zapsocket.protocol.json.Json;
import io.zapsocket.sync.PresenceEntry;
import io.zapsocket.sync.Publication;
import io.zapsocket.sync.store.InboxEntry;
import io.zapsocket.sync.store.PresenceChange;
import io.zapsocket.sync.store.PresenceRecord;
import io.zapsocket.sync.store.StoredEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire shapes of docs/sync.md (maps and lists the server encodes as JSON). */
final class Payloads {
    private Payloads() {
    }

    /** {@code {"stream","offset","epoch","time","data"}}. */
    static Map<String, Object> publication(StoredEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stream", e.stream());
        m.put("offset", e.offset());
        m.put("epoch", e.epoch());
        m.put("time", e.time());
        m.put("data", Json.parse(e.json()));
        return m;
    }

    static Map<String, Object> publication(Publication p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stream", p.stream());
        m.put("offset", p.offset());
        m.put("epoch", p.epoch());
        m.put("time", p.time());
        m.put("data", p.data());
        return m;
    }

    /** {@code {"id","time","data"}}: an inbox message. */
    static Map<String, Object> inbox(InboxEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("time", e.time());
        m.put("data", Json.parse(e.json()));
        return m;
    }

    /** {@code {"room","version","joins":{key:[{ref,meta}]},"leaves":{...}}}. */
    static Map<String, Object> diff(PresenceChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("room", c.room());
        m.put("version", c.version());
        m.put("joins", state(DefaultSync.entries(c.joins())));
        m.put("leaves", state(DefaultSync.entries(c.leaves())));
        return m;
    }

    /** {@code {key:[{ref,meta}]}} (Phoenix's presence state shape). */
    static Map<String, Object> state(List<PresenceEntry> entries) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (PresenceEntry e : entries) {
            List<Object> metas = new ArrayList<>(e.metas().size());
            for (PresenceEntry.Meta meta : e.metas()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("ref", meta.ref());
                one.put("meta", meta.meta());
                metas.add(one);
            }
            m.put(e.key(), metas);
        }
        return m;
    }

    static List<PresenceEntry> entries(List<PresenceRecord> records) {
        return DefaultSync.entries(records);
    }
}
