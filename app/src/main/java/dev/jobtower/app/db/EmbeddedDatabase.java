package dev.jobtower.app.db;

import io.micronaut.context.annotation.Value;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL of the default set-up: its data lives in {@code $JOBTOWER_DATA_DIR/postgres}
 * and survives restarts. A postgres orphaned by a killed JVM (it outlives it) is stopped before
 * a new one starts, so a restart after a crash works on any port.
 */
@Singleton
public class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** A start begun by {@link #startEarly} before the application context existed, if any. */
    private static volatile EarlyStart early;

    private final Path directory;
    private final int port;
    private EmbeddedPostgres postgres;

    private record EarlyStart(Path directory, int port, CompletableFuture<EmbeddedPostgres> postgres) {
    }

    /**
     * Starts the embedded database in the background from {@code main}, when the environment selects
     * the embedded default, so it overlaps with the application context's start. The bean picks it up
     * when its directory and port match its configuration; otherwise it is stopped and ignored.
     */
    public static void startEarly(Map<String, String> env) {
        String url = env.getOrDefault("JOBTOWER_DB_URL", "");
        if (!url.isBlank() || System.getProperty("jobtower.db.url") != null) {
            return;
        }
        Path directory = Path.of(env.getOrDefault("JOBTOWER_DATA_DIR", "./data")).toAbsolutePath().normalize().resolve("postgres");
        int port;
        try {
            port = Integer.parseInt(env.getOrDefault("JOBTOWER_DB_EMBEDDED_PORT", "0"));
        } catch (NumberFormatException e) {
            return;
        }
        early = new EarlyStart(directory, port, CompletableFuture.supplyAsync(() -> start(directory, port)));
    }

    public EmbeddedDatabase(DatabaseMode mode, @Value("${jobtower.db.embedded-port:0}") int port) {
        this.directory = mode.dataDir().resolve("postgres");
        this.port = port;
    }

    /** Starts the database on first use (or takes over the early start) and returns its JDBC URL. */
    public synchronized String jdbcUrl() {
        if (postgres == null) {
            postgres = takeEarlyStart().orElseGet(() -> start(directory, port));
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    private Optional<EmbeddedPostgres> takeEarlyStart() {
        EarlyStart started = early;
        early = null;
        if (started == null) {
            return Optional.empty();
        }
        EmbeddedPostgres pg = started.postgres().join();
        if (started.directory().equals(directory) && (port == 0 || started.port() == port)) {
            return Optional.of(pg);
        }
        try {
            pg.close(); // configured differently than the environment said: not ours
        } catch (IOException e) {
            LOG.warn("An embedded PostgreSQL started early did not stop cleanly", e);
        }
        return Optional.empty();
    }

    private static EmbeddedPostgres start(Path directory, int port) {
        try {
            Files.createDirectories(directory);
            stopOrphan(directory);
            long started = System.nanoTime();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "128MB")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            LOG.info("Embedded PostgreSQL started on port {} with data in {} ({} ms)", pg.getPort(), directory,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    /**
     * A postgres left running by a JVM that was killed keeps the data directory locked. Stop it:
     * a fast shutdown (SIGINT) first, then SIGKILL for it and its children.
     */
    static void stopOrphan(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle p = orphan.get();
        LOG.warn("Stopping an orphaned PostgreSQL (pid {}) left running in {}", p.pid(), dataDirectory);
        List<ProcessHandle> children = p.descendants().toList();
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
            p.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            Files.deleteIfExists(pidFile);
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
            postgres = null;
        }
    }
}
