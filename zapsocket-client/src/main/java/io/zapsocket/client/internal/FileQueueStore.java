package io.zapsocket.client.internal;

import io.zapsocket.protocol.engine.EngineCodec;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.protocol.sio.Encoded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The persistent at-least-once queue: an append-only log of JSON lines, {@code {"op":"add","seq":n,"nsp":..,
 * "text":..,"bin":[base64..]}} when a packet is queued and {@code {"op":"done","seq":n}} when it was acknowledged,
 * gave up or was dropped. Opening the file replays it, keeps the packets without {@code done} for their namespaces
 * and rewrites the file with just those (compaction); a torn last line (a crash mid-write) is ignored.
 *
 * <p>Writes happen in order on one daemon thread of the store, never on the I/O thread or the caller's; they reach
 * the OS page cache (they survive a process crash, not necessarily a power loss). {@link #close()} writes what is
 * queued. Thread-safe.
 */
final class FileQueueStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileQueueStore.class);

    /** A packet restored from the file. */
    record Stored(long seq, String nsp, Encoded encoded) {
    }

    private final Path file;
    private final FileChannel channel;
    private final ExecutorService writer;
    private final AtomicLong nextSeq;
    private volatile Thread writerThread;
    private final Map<String, List<Stored>> restored = new LinkedHashMap<>();

    private FileQueueStore(Path file, FileChannel channel, long nextSeq, List<Stored> pending) {
        this.file = file;
        this.channel = channel;
        this.nextSeq = new AtomicLong(nextSeq);
        for (Stored s : pending) {
            restored.computeIfAbsent(s.nsp(), k -> new ArrayList<>()).add(s);
        }
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "zapsocket-client-store");
            t.setDaemon(true);
            writerThread = t;
            return t;
        });
    }

    /**
     * Opens (or creates) the store, replaying and compacting the file.
     *
     * @throws UncheckedIOException if the file cannot be read or written
     */
    static FileQueueStore open(Path file) {
        try {
            Map<Long, Stored> pending = new LinkedHashMap<>();
            long maxSeq = 0;
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        Map<?, ?> m = (Map<?, ?>) Json.parse(line);
                        long seq = ((Number) m.get("seq")).longValue();
                        maxSeq = Math.max(maxSeq, seq);
                        if ("add".equals(m.get("op"))) {
                            List<byte[]> bins = new ArrayList<>();
                            for (Object b : (List<?>) m.get("bin")) {
                                bins.add(EngineCodec.base64Decode((String) b, 0));
                            }
                            pending.put(seq, new Stored(seq, (String) m.get("nsp"),
                                    new Encoded((String) m.get("text"), bins)));
                        } else {
                            pending.remove(seq);
                        }
                    } catch (RuntimeException e) {
                        log.warn("{}: ignoring unreadable line {} ({})", file, i + 1, e.toString());
                    }
                }
            }
            List<Stored> list = new ArrayList<>(pending.values());
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            StringBuilder sb = new StringBuilder();
            for (Stored s : list) {
                sb.append(addLine(s.seq(), s.nsp(), s.encoded()));
            }
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new FileQueueStore(file, ch, maxSeq + 1, list);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the persistent queue " + file + ": " + e.getMessage(), e);
        }
    }

    private static String addLine(long seq, String nsp, Encoded encoded) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", "add");
        m.put("seq", seq);
        m.put("nsp", nsp);
        m.put("text", encoded.text());
        List<String> bins = new ArrayList<>();
        for (byte[] b : encoded.attachments()) {
            bins.add(EngineCodec.base64Encode(b));
        }
        m.put("bin", bins);
        return Json.stringify(m) + "\n";
    }

    /** Takes the restored packets of {@code nsp} (once; later calls return nothing), in queue order. */
    synchronized List<Stored> takeRestored(String nsp) {
        List<Stored> l = restored.remove(nsp);
        return l == null ? List.of() : l;
    }

    /** Records a queued packet; returns its sequence number. */
    long add(String nsp, Encoded encoded) {
        long seq = nextSeq.getAndIncrement();
        write(addLine(seq, nsp, encoded));
        return seq;
    }

    /** Records that a packet left the queue. */
    void done(long seq) {
        write("{\"op\":\"done\",\"seq\":" + seq + "}\n");
    }

    private void write(String line) {
        try {
            writer.execute(() -> {
                try {
                    ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
                    while (buf.hasRemaining()) {
                        channel.write(buf);
                    }
                } catch (IOException e) {
                    log.error("{}: write failed", file, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.warn("{}: closed, not recorded: {}", file, line.trim());
        }
    }

    /** Writes what is queued, then closes the file and stops the writer thread. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("{}: writer did not finish in 5 s", file);
            }
            Thread t = writerThread;
            if (t != null && t != Thread.currentThread()) {
                t.join(1000); // the thread itself ends, not only its tasks
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            channel.force(false);
            channel.close();
        } catch (IOException e) {
            log.warn("{}: close failed: {}", file, e.toString());
        }
    }
}
