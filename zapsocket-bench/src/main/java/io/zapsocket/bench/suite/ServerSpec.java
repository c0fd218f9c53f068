package io.zapsocket.bench.suite;

import java.util.List;
import java.util.Map;

/**
 * How to start one server under test.
 *
 * @param id         short key used in results ({@code zap}, {@code node-ws}, ...)
 * @param label      name in tables and charts
 * @param command    the command line (started under {@code taskset})
 * @param env        extra environment variables
 * @param socketIo   whether it is a real Socket.IO server (the floor is not: no heartbeats, no polling)
 */
public record ServerSpec(String id, String label, List<String> command, Map<String, String> env, boolean socketIo) {

    /** The same server with {@code args} appended to its command line (e.g. {@code --parser=msgpack}). */
    public ServerSpec withArgs(String... args) {
        List<String> cmd = new java.util.ArrayList<>(command);
        cmd.addAll(List.of(args));
        return new ServerSpec(id, label, List.copyOf(cmd), env, socketIo);
    }
}
