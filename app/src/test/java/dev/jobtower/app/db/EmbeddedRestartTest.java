package dev.jobtower.app.db;

import dev.jobtower.app.support.Api;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded default as a user runs it, in a real process: generated keys with mode 0600, data kept
 * across a {@code kill -9} and a restart on another port (the orphaned postgres is dealt with).
 */
class EmbeddedRestartTest {

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Process start(Path dataDir, int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.jobtower.app.Application");
        pb.environment().put("JOBTOWER_DATA_DIR", dataDir.toString());
        pb.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        pb.environment().put("JOBTOWER_POLL_ENABLED", "false");
        pb.environment().put("JOBTOWER_DISCOVERY_ENABLED", "false");
        pb.environment().keySet().removeIf(k -> k.startsWith("JOBTOWER_DB_") || k.equals("JOBTOWER_ADMIN_TOKEN")
                || k.equals("JOBTOWER_SECRET_KEY"));
        pb.redirectErrorStream(true).redirectOutput(dataDir.resolve("app-" + port + ".log").toFile());
        return pb.start();
    }

    /** A bound, not a wait: a child JVM with its own embedded PostgreSQL took 55 s to start at load average 12–18. */
    static void awaitHealthy(Api api) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                return api.get("/health", null).status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    @Test
    void keeps_data_and_keys_across_kill_9_and_a_restart_on_another_port() throws Exception {
        Path dataDir = Files.createTempDirectory("jobtower-embedded");
        int firstPort = freePort();
        Process first = start(dataDir, firstPort);
        Process second = null;
        try {
            Api api = new Api("http://127.0.0.1:" + firstPort);
            awaitHealthy(api);
            Path tokenFile = dataDir.resolve("admin.token");
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(tokenFile));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(dataDir.resolve("secret.key")));
            String admin = Files.readString(tokenFile).strip();
            Api.Response tenant = api.post("/admin/tenants", admin, "{\"name\":\"survivor\"}");
            assertEquals(201, tenant.status(), tenant.body());
            String key = tenant.body().replaceAll(".*\"apiKey\":\"([^\"]+)\".*", "$1");
            Api.Response connection = api.post("/api/v1/connections", key,
                    "{\"provider\":\"invopop\",\"name\":\"kept\",\"credentials\":{\"token\":\"t\"}}");
            assertEquals(201, connection.status());
            String log = Files.readString(dataDir.resolve("app-" + firstPort + ".log"));
            assertTrue(log.contains("admin.token") && !log.contains(admin), "the log names the file, never the token");

            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);   // kill -9: the embedded postgres is orphaned

            int secondPort = freePort();
            second = start(dataDir, secondPort);
            Api again = new Api("http://127.0.0.1:" + secondPort);
            awaitHealthy(again);
            assertEquals(admin, Files.readString(tokenFile).strip(), "the admin token is kept");
            Api.Response listed = again.get("/api/v1/connections", key);
            assertEquals(200, listed.status(), "the API key still works: " + listed.body());
            assertTrue(listed.body().contains("\"kept\""), listed.body());
            assertTrue(Files.readString(dataDir.resolve("app-" + secondPort + ".log")).contains("Flyway not run"),
                    "a restart on a current schema skips Flyway's start");
        } finally {
            for (Process p : List.of(first, second == null ? first : second)) {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
