package io.zapsocket.server.testing;

/** Test payloads. */
public final class JsonPayloads {
    private JsonPayloads() {
    }

    /**
     * A JSON-heavy array of user records, about {@code bytes} long (at least that long, ends with {@code ]}),
     * like a chat or presence update.
     */
    public static String users(int bytes) {
        StringBuilder sb = new StringBuilder(bytes + 200).append('[');
        for (int i = 0; sb.length() < bytes; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":").append(i).append(",\"name\":\"user-").append(i * 7919 % 1000)
                    .append("\",\"status\":\"").append(i % 3 == 0 ? "online" : "away")
                    .append("\",\"rooms\":[\"lobby\",\"room-").append(i % 10).append("\"],\"score\":")
                    .append(i * 37 % 500).append(",\"lastSeen\":\"2026-11-22T03:").append(10 + i % 50)
                    .append(":00Z\"}");
        }
        return sb.append(']').toString();
    }
}
