package io.zapsocket.server.adapter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recovered session: the socket's id, rooms and data, and the events it missed, each {@code [event, ...args,
 * offset]}, in order.
 *
 * @since 0.1
 */
public record RestoredSession(String sid, String pid, Set<String> rooms, Map<String, Object> data,
                              List<List<Object>> missedPackets) {
}
