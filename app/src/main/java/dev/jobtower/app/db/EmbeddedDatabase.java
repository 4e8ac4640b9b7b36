package dev.jobtower.app.db;

import dev.jobtower.app.security.ServerSecrets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL of the default set-up: its data lives in {@code $JOBTOWER_DATA_DIR/postgres}
 * and survives restarts. A postgres orphaned by a killed JVM (it outlives it) is stopped before
 * a new one starts, so a restart after a crash works on any port.
 * <p>
 * Only Jobtower connects: every client must present the password generated into
 * {@code $JOBTOWER_DATA_DIR/postgres.password} (mode 0600), checked with scram-sha-256; no
 * {@code trust} line is left in {@code pg_hba.conf}. A data directory made by the first release
 * ({@code initdb -A trust}, no password) is upgraded in place on its first start. Commits are
 * durable ({@code synchronous_commit} on): an answer that says "accepted" survives a crash.
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

    /** The {@code pg_hba.conf} Jobtower writes: the generated password, over scram-sha-256, for every client. */
    static final String HBA = """
            # Written by Jobtower: every client needs the password in ../postgres.password (scram-sha-256).
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

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

    @jakarta.inject.Inject
    public EmbeddedDatabase(DatabaseMode mode, dev.jobtower.app.settings.DatabaseSettings settings) {
        this(mode, settings.embeddedPort());
    }

    public EmbeddedDatabase(DatabaseMode mode, int port) {
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

    /** The generated password of user {@code postgres}; {@link #jdbcUrl()} first. */
    public String password() {
        return password(directory);
    }

    /** Where the generated password lives: beside the database's directory, in Jobtower's data dir. */
    static Path passwordFile(Path directory) {
        return directory.toAbsolutePath().normalize().getParent().resolve("postgres.password");
    }

    private static String password(Path directory) {
        return ServerSecrets.readOrCreate(passwordFile(directory),
                () -> Base64.getUrlEncoder().withoutPadding().encodeToString(ServerSecrets.randomBytes(32)));
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
            String password = password(directory);
            long started = System.nanoTime();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "128MB")
                    // zonky starts postgres with -F (fsync off) and synchronous_commit off: both back on
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setConnectConfig("password", password);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            requirePassword(pg, directory, password);
            LOG.info("Embedded PostgreSQL started on port {} with data in {} ({} ms, accepting {} ms after the JVM started)",
                    pg.getPort(), directory, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    ManagementFactory.getRuntimeMXBean().getUptime());
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    /**
     * Makes the password the only way in: sets it on user {@code postgres} (a new data directory and
     * one made by the first release both start with {@code trust}), then replaces {@code pg_hba.conf}
     * and reloads. Nothing to do when the file is already Jobtower's. Safe to repeat after a crash at
     * any step (the password is set before the file changes).
     */
    static void requirePassword(EmbeddedPostgres pg, Path directory, String password) throws IOException {
        Path hba = directory.resolve("pg_hba.conf");
        if (Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).equals(HBA)) {
            return;
        }
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            // the password is base64url (no quotes possible); ALTER ROLE takes no bind parameters
            s.execute("alter role postgres with password '" + password + "'");
            Path tmp = Files.createTempFile(directory, "pg_hba", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, HBA, StandardCharsets.UTF_8);
            Files.move(tmp, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (ResultSet rs = s.executeQuery("select pg_reload_conf()")) {
                rs.next();
            }
            LOG.info("Embedded PostgreSQL in {} now accepts only the password in {}", directory, passwordFile(directory));
        } catch (SQLException e) {
            throw new IOException("could not require a password on the embedded PostgreSQL in " + directory, e);
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
