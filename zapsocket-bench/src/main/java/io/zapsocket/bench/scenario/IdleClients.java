package io.zapsocket.bench.scenario;

import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.load.WsClient;
import io.zapsocket.bench.server.MainArgs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A load-generator process that holds idle Socket.IO WebSocket clients open against one server: the generator side
 * of the multi-process {@code idle-cluster} scenario, where every process is bounded by RLIMIT_NOFILE (one
 * descriptor per connection). It connects {@code --clients} clients (at most {@code --concurrency} handshakes in
 * flight, from {@code --sources} addresses 127.{subnet}.0.x), prints one JSON line, then answers on stdin:
 * {@code count} prints {@code {"connected":n,"alive":n,"pinged":n}} ({@code pinged}: alive clients that answered at
 * least one Engine.IO ping since they connected). End of stdin closes every client with RST and exits, so a
 * generator never outlives the harness that started it.
 *
 * <p>Usage: {@code IdleClients --port=N [--host=127.0.0.1] [--clients=19000] [--subnet=0] [--sources=8]
 * [--concurrency=500] [--connect-timeout=120]}.
 */
public final class IdleClients {
    private IdleClients() {
    }

    public static void main(String[] argv) throws IOException {
        MainArgs args = new MainArgs(argv, "port", "host", "clients", "subnet", "sources", "concurrency",
                "connect-timeout");
        String host = args.string("host", "127.0.0.1");
        int port = args.integer("port", -1);
        int clients = args.integer("clients", 19_000);
        int subnet = args.integer("subnet", 0);
        int sources = args.integer("sources", 8);
        int concurrency = args.integer("concurrency", 500);
        double timeout = args.decimal("connect-timeout", 120);
        if (port <= 0) {
            throw new IllegalArgumentException("--port=N is required");
        }
        int n = clients;
        try (LoadGen gen = new LoadGen(host, port, subnet, sources)) {
            WsPool pool = new WsPool(gen, n, concurrency, new WsClient.Listener() { }).start();
            pool.await(timeout);
            System.out.println(gen.call(() -> "{\"connected\":" + pool.connected + ",\"failed\":" + pool.failed
                    + (pool.firstFailure == null ? "" : ",\"firstFailure\":\""
                    + String.valueOf(pool.firstFailure).replace('"', '\'') + "\"") + "}"));
            System.out.flush();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.trim().equals("count")) {
                        System.out.println(gen.call(() -> {
                            int alive = 0;
                            int pinged = 0;
                            for (WsClient c : pool.clients) {
                                if (c.isConnected()) {
                                    alive++;
                                    if (c.pingsAnswered > 0) {
                                        pinged++;
                                    }
                                }
                            }
                            return "{\"connected\":" + pool.connected + ",\"alive\":" + alive + ",\"pinged\":"
                                    + pinged + "}";
                        }));
                        System.out.flush();
                    }
                }
            }
            pool.abortAll();
        }
        System.exit(0);
    }
}
