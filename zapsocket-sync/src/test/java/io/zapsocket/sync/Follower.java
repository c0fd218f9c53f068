package io.zapsocket.sync;

import io.zapsocket.client.ClientSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a stream room as docs/sync.md describes it for a plain socket.io client: subscribe (with
 * {@code since} after a reconnect), buffer live publications until the answer is applied, drop duplicates by offset,
 * record gaps. Records every delivered offset.
 */
final class Follower {
    final String stream;
    final List<Long> offsets = new ArrayList<>();
    final List<Object> data = new ArrayList<>();
    long last = -1;
    String epoch;
    int duplicates;
    int gaps;
    boolean resync;
    private List<Map<String, Object>> pending;

    Follower(String stream) {
        this.stream = stream;
    }

    void attach(ClientSocket socket) {
        socket.on("sync:pub", (args, ack) -> onPub(args.getMap(0)));
    }

    /** Subscribes on {@code socket} (resuming from the last offset when there is one); returns the answer. */
    Map<String, Object> subscribe(ClientSocket socket, Integer rewind) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stream", stream);
        synchronized (this) {
            pending = new ArrayList<>();
            if (last >= 0) {
                body.put("since", Map.of("offset", last, "epoch", epoch));
            }
        }
        if (rewind != null) {
            body.put("rewind", rewind);
        }
        Map<String, Object> answer = socket.emitWithAck("sync:subscribe", body).get(10, TimeUnit.SECONDS).getMap(0);
        apply(answer);
        return answer;
    }

    @SuppressWarnings("unchecked")
    private synchronized void apply(Map<String, Object> answer) {
        List<Map<String, Object>> buffered = pending;
        pending = null;
        if (answer.containsKey("error")) {
            return;
        }
        if (Boolean.TRUE.equals(answer.get("resync"))) {
            resync = true;
        }
        epoch = (String) answer.get("epoch");
        for (Object p : (List<Object>) answer.get("publications")) {
            deliver((Map<String, Object>) p);
        }
        last = Math.max(last, ((Number) answer.get("offset")).longValue());
        if (buffered != null) {
            buffered.forEach(this::deliver);
        }
    }

    private synchronized void onPub(Map<String, Object> p) {
        if (!stream.equals(p.get("stream"))) {
            return;
        }
        if (pending != null) {
            pending.add(p);
        } else {
            deliver(p);
        }
    }

    private void deliver(Map<String, Object> p) {
        long off = ((Number) p.get("offset")).longValue();
        if (off <= last) {
            duplicates++;
            return;
        }
        if (last >= 0 && off != last + 1) {
            gaps++;
        }
        last = off;
        offsets.add(off);
        data.add(p.get("data"));
    }

    synchronized List<Long> offsets() {
        return new ArrayList<>(offsets);
    }

    synchronized int size() {
        return offsets.size();
    }
}
