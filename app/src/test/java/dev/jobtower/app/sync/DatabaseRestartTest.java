package dev.jobtower.app.sync;

import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.AppInstance;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The database restarting under a running app: 503 database-unavailable while it is down, 200 again after. */
class DatabaseRestartTest {

    static EmbeddedPostgres startPostgres(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port).start();
    }

    @Test
    void requests_answer_503_while_the_database_is_down_and_succeed_after_without_a_restart() throws Exception {
        Path dir = Files.createTempDirectory("jobtower-restart-pg");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = startPostgres(dir, port);
        Map<String, Object> p = AppInstance.sharedProperties(pg.getJdbcUrl("postgres", "postgres"));
        p.put("jobtower.poll.enabled", false);
        try (AppInstance app = AppInstance.start(p)) {
            SyncFixture fx = new SyncFixture(app);
            Api api = app.api();
            assertEquals(200, api.get("/api/v1/jobs", fx.key).status());

            pg.close();
            Api.Response down = api.get("/api/v1/jobs", fx.key);
            assertEquals(503, down.status(), down.body());
            assertTrue(down.contentType().startsWith("application/problem+json"));
            assertTrue(down.body().contains("https://jobtower.dev/problems/database-unavailable"), down.body());
            assertEquals(503, api.get("/health", null).status(), "health reports the database down");

            pg = startPostgres(dir, port);
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/jobs", fx.key).status() == 200);
            assertEquals(200, api.get("/health", null).status());
        } finally {
            pg.close();
        }
    }
}
