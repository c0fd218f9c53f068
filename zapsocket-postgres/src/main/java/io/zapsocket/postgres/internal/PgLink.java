package io.zapsocket.postgres.internal;

import io.zapsocket.postgres.PostgresAdapterOptions;
import io.zapsocket.server.adapter.ClusterAdapter;
import io.zapsocket.server.adapter.MessageDispatcher;
import io.zapsocket.server.adapter.ClusterMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL side of one adapter factory: a dedicated LISTEN connection read by its own thread, and a publisher
 * connection used by one thread behind a bounded queue ({@code maxQueuedPublishes}: a publish never blocks its
 * caller; when the queue is full it fails at once and is counted). Incoming messages are handed to the serial
 * {@link MessageDispatcher}.
 *
 * <p>Both connections are opened again after a loss, after {@code reconnectDelay} (randomized as Node's
 * {@code PubSubClient}); the LISTEN connection then listens to every channel again. What is notified while this
 * node is not listening is lost (NOTIFY is not stored), as with Node.
 */
public final class PgLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PgLink.class);
    /** How long one wait for notifications lasts (also the latency of a new LISTEN and of closing). */
    private static final int POLL_MS = 250;
    /** A LISTEN connection without notifications for this long is checked with {@code SELECT 1}. */
    private static final long IDLE_CHECK_MS = 10_000;

    private final PostgresAdapterOptions options;
    private final Properties properties = new Properties();
    private final org.postgresql.Driver driver = new org.postgresql.Driver();
    private final ScheduledExecutorService timer;
    private final ThreadPoolExecutor publisher;
    private final MessageDispatcher dispatcher;
    /** Started by the first {@link #listen} (an emitter never listens). */
    private final Thread listener;
    private boolean listenerStarted;
    /** Channel → the handler of its namespace's adapter. */
    private final Map<String, Consumer<ClusterMessage>> handlers = new ConcurrentHashMap<>();
    /** Channel → completes once it is listened to. */
    private final Map<String, CompletableFuture<Void>> listening = new ConcurrentHashMap<>();
    /** The uids of this factory's adapters: their attachment headers are not read back. */
    private final Set<String> localUids = ConcurrentHashMap.newKeySet();
    private final AtomicLong failedPublishes = new AtomicLong();
    /** Publisher thread only. */
    private Connection publishConnection;
    private long publishRetryAt;
    private boolean tableReady;
    private volatile boolean closed;

    public PgLink(PostgresAdapterOptions options, String name) {
        this.options = options;
        if (options.user() != null) {
            properties.setProperty("user", options.user());
        }
        if (options.password() != null) {
            properties.setProperty("password", options.password());
        }
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "zapsocket-postgres");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-timer"));
        this.publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(options.maxQueuedPublishes()), r -> daemon(r, name + "-publish"));
        this.dispatcher = new MessageDispatcher(name, options.maxInboundBacklog());
        long cleanup = options.cleanupInterval().toMillis();
        timer.scheduleWithFixedDelay(this::scheduleCleanup, cleanup, cleanup, TimeUnit.MILLISECONDS);
        this.listener = daemon(this::listenLoop, name + "-listen");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private final java.util.concurrent.atomic.LongAdder requestTimeouts = new java.util.concurrent.atomic.LongAdder();

    /** What the cluster template needs: timeouts, bounds, timer and dispatcher. */
    public ClusterAdapter.Config clusterConfig() {
        return new ClusterAdapter.Config(options.requestsTimeout(), options.maxPendingRequests(), timer,
                dispatcher, requestTimeouts::increment);
    }

    /** Cluster requests (fetchSockets, serverSideEmit with ack) that timed out since the start. */
    public long requestTimeouts() {
        return requestTimeouts.sum();
    }

    public PostgresAdapterOptions options() {
        return options;
    }

    public MessageDispatcher dispatcher() {
        return dispatcher;
    }

    public long failedPublishes() {
        return failedPublishes.get();
    }

    /** The NOTIFY channel of a namespace: {@code channelPrefix#nsp}. */
    public String channel(String nsp) {
        return options.channelPrefix() + "#" + nsp;
    }

    /** Delivers the messages of {@code channel} to {@code handler} (dispatcher thread); completes once listening. */
    public CompletableFuture<Void> listen(String channel, String uid, Consumer<ClusterMessage> handler) {
        synchronized (listener) {
            if (!listenerStarted && !closed) {
                listenerStarted = true;
                listener.start();
            }
        }
        localUids.add(uid);
        // the future first: the listen thread completes the future of each channel it finds a handler for
        CompletableFuture<Void> ready = listening.computeIfAbsent(channel, c -> new CompletableFuture<>());
        handlers.put(channel, handler);
        return ready;
    }

    public void unlisten(String channel, String uid) {
        localUids.remove(uid);
        handlers.remove(channel);
        listening.remove(channel);
    }

    // ---------------------------------------------------------------- publishing (publisher thread)

    /** NOTIFYs {@code message} on {@code channel} (through the attachment table if needed). Never blocks. */
    public CompletableFuture<Void> publish(String channel, ClusterMessage message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        NotifyCodec.Outgoing out;
        try {
            out = NotifyCodec.encode(message, options.payloadThreshold());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            publisher.execute(() -> {
                try {
                    Connection c = publishConnection();
                    String payload = out.json();
                    if (out.isAttachment()) {
                        payload = NotifyCodec.header(message, insertAttachment(c, out.attachment()));
                    }
                    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                        ps.setString(1, channel);
                        ps.setString(2, payload);
                        ps.executeQuery().close();
                    }
                    done.complete(null);
                } catch (SQLException | RuntimeException e) {
                    failedPublishes.incrementAndGet();
                    dropPublishConnection(e);
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            long n = failedPublishes.incrementAndGet();
            if (!closed && (n == 1 || Long.bitCount(n) == 1)) {
                log.warn("Postgres adapter: publish queue full (maxQueuedPublishes={}), {} publish(es) failed so far",
                        options.maxQueuedPublishes(), n);
            }
            done.completeExceptionally(e);
        }
        return done;
    }

    private long insertAttachment(Connection c, byte[] payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + options.tableName()
                + " (payload) VALUES (?) RETURNING id")) {
            ps.setBytes(1, payload);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("INSERT ... RETURNING id returned no row");
                }
                return rs.getLong(1);
            }
        }
    }

    private Connection publishConnection() throws SQLException {
        if (publishConnection != null) {
            return publishConnection;
        }
        if (System.nanoTime() - publishRetryAt < 0) {
            throw new SQLException("PostgreSQL unreachable; next connection attempt in "
                    + TimeUnit.NANOSECONDS.toMillis(publishRetryAt - System.nanoTime()) + " ms");
        }
        try {
            publishConnection = connect();
        } catch (SQLException e) {
            publishRetryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(reconnectDelayMs());
            throw e;
        }
        if (options.createTable() && !tableReady) {
            try (Statement s = publishConnection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + options.tableName()
                        + " (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)");
                tableReady = true;
            } catch (SQLException e) {
                // another node may be creating it at the same moment; the next connection tries again
                log.debug("Postgres adapter: CREATE TABLE {} failed: {}", options.tableName(), e.getMessage());
            }
        }
        return publishConnection;
    }

    private void dropPublishConnection(Exception cause) {
        Connection c = publishConnection;
        if (c == null) {
            return;
        }
        try {
            if (c.isValid(1)) {
                return; // a statement failed, not the connection
            }
        } catch (SQLException ignored) {
            // closed below
        }
        log.warn("Postgres adapter: publisher connection lost ({}), reconnecting", cause.toString());
        publishConnection = null;
        publishRetryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(reconnectDelayMs());
        closeQuietly(c);
    }

    /** Deletes attachments older than {@code cleanupInterval}, as Node's cleanup timer. */
    private void scheduleCleanup() {
        try {
            publisher.execute(() -> {
                try (Statement s = publishConnection().createStatement()) {
                    s.executeUpdate("DELETE FROM " + options.tableName() + " WHERE created_at < now() - interval '"
                            + options.cleanupInterval().toMillis() + " milliseconds'");
                } catch (SQLException e) {
                    log.debug("Postgres adapter: attachment cleanup failed: {}", e.getMessage());
                    dropPublishConnection(e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("Postgres adapter: attachment cleanup skipped (publish queue full or closed)");
        }
    }

    // ---------------------------------------------------------------- listening (listen thread)

    private void listenLoop() {
        Connection c = null;
        Set<String> listened = new HashSet<>();
        long lastActivity = System.nanoTime();
        while (!closed) {
            try {
                if (c == null) {
                    c = connect();
                    listened.clear();
                    lastActivity = System.nanoTime();
                }
                syncListens(c, listened);
                PGNotification[] notifications = c.unwrap(PGConnection.class).getNotifications(POLL_MS);
                if (notifications != null && notifications.length > 0) {
                    lastActivity = System.nanoTime();
                    for (PGNotification n : notifications) {
                        onNotification(c, n);
                    }
                } else if (System.nanoTime() - lastActivity > TimeUnit.MILLISECONDS.toNanos(IDLE_CHECK_MS)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT 1");
                    }
                    lastActivity = System.nanoTime();
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                log.warn("Postgres adapter: LISTEN connection failed ({}), reconnecting", e.toString());
                closeQuietly(c);
                c = null;
                sleep(reconnectDelayMs());
            }
        }
        closeQuietly(c);
    }

    /**
     * LISTENs to new channels and UNLISTENs removed ones on this connection, and completes the future of every channel
     * listened to (also of one listened to again before this thread saw it removed: its LISTEN still holds).
     */
    private void syncListens(Connection c, Set<String> listened) throws SQLException {
        for (String channel : handlers.keySet()) {
            if (!listened.contains(channel)) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + quote(channel));
                }
                listened.add(channel);
            }
            CompletableFuture<Void> f = listening.get(channel);
            if (f != null) {
                f.complete(null); // a no-op once it is complete
            }
        }
        for (String channel : new HashSet<>(listened)) {
            if (!handlers.containsKey(channel)) {
                try (Statement s = c.createStatement()) {
                    s.execute("UNLISTEN " + quote(channel));
                }
                listened.remove(channel);
            }
        }
    }

    /** A quoted SQL identifier, as Node's {@code LISTEN "${channel}"} (with embedded quotes doubled). */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private void onNotification(Connection c, PGNotification n) throws SQLException {
        Consumer<ClusterMessage> handler = handlers.get(n.getName());
        if (handler == null) {
            return;
        }
        NotifyCodec.Incoming in;
        try {
            in = NotifyCodec.decode(n.getParameter(), nspOf(n.getName()));
        } catch (RuntimeException e) {
            log.debug("Postgres adapter: malformed notification on {} ignored: {}", n.getName(), e.getMessage());
            return;
        }
        if (in == null || in.uid() != null && localUids.contains(in.uid())) {
            return;
        }
        ClusterMessage message = in.message();
        if (in.attachmentId() != null) {
            message = readAttachment(c, in.attachmentId(), nspOf(n.getName()));
            if (message == null) {
                return;
            }
        }
        ClusterMessage m = message;
        dispatcher.execute(() -> handler.accept(m));
    }

    private String nspOf(String channel) {
        return channel.substring(options.channelPrefix().length() + 1);
    }

    private ClusterMessage readAttachment(Connection c, String id, String nsp) throws SQLException {
        long key;
        try {
            key = Long.parseLong(id);
        } catch (NumberFormatException e) {
            log.debug("Postgres adapter: attachment id {} is not a number, ignored", id);
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM " + options.tableName()
                + " WHERE id = ?")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    log.debug("Postgres adapter: attachment {} not found (cleaned up?)", id);
                    return null;
                }
                return NotifyCodec.decodeAttachment(rs.getBytes(1), nsp);
            }
        } catch (RuntimeException e) {
            log.debug("Postgres adapter: malformed attachment {} ignored: {}", id, e.getMessage());
            return null;
        }
    }

    // ---------------------------------------------------------------- connections

    private Connection connect() throws SQLException {
        Connection c = driver.connect(options.jdbcUrl(), properties);
        if (c == null) {
            throw new SQLException("not a PostgreSQL URL: " + options.jdbcUrl());
        }
        c.setAutoCommit(true);
        return c;
    }

    private long reconnectDelayMs() {
        long base = options.reconnectDelay().toMillis();
        return (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code grace} for queued publishes (goodbyes of closing adapters), then closes. Idempotent. */
    public void close(Duration grace) {
        if (closed) {
            return;
        }
        publisher.shutdown();
        try {
            publisher.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        publisher.shutdownNow();
        try {
            if (listener.isAlive()) {
                listener.join(POLL_MS * 4L);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(publishConnection);
        timer.shutdownNow();
        dispatcher.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
