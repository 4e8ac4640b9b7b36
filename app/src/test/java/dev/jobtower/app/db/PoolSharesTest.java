package dev.jobtower.app.db;

import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pool shared fairly: background work blocked in the database (here on an advisory lock the test
 * holds) cannot take every connection from the API, nor API work every connection from the background.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolSharesTest extends JobtowerTest {
    @Inject
    EmbeddedServer server;
    @Inject
    Database db;
    @Value("${jobtower.db.url}")
    String url;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.db.pool-size", "6", "jobtower.db.api-reserve", "2", "jobtower.db.background-reserve", "2",
                "jobtower.db.share-wait", "1s");
    }

    @Test
    void blocked_background_work_leaves_the_api_its_connections_and_the_other_way_round() throws Exception {
        Api api = new Api(server.getURL().toString());
        Api.Response tenant = api.post("/admin/tenants", ADMIN_TOKEN, "{\"name\":\"pool\"}");
        Matcher key = Pattern.compile("\"apiKey\"\\s*:\\s*\"([^\"]+)\"").matcher(tenant.body());
        key.find();
        try (Connection holder = DriverManager.getConnection(url, "postgres", "")) {
            lock(holder, "select pg_advisory_lock(4242)");
            List<Thread> background = blockedWorkers("jobtower-poller-test-", 8);
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingOnTheLock(holder) == 4);

            Api.Response list = api.get("/api/v1/jobs?limit=5", key.group(1));
            assertEquals(200, list.status(), "the API still has its connections: " + list.body());

            lock(holder, "select pg_advisory_unlock(4242)");
            for (Thread t : background) {
                t.join(20_000);
            }

            lock(holder, "select pg_advisory_lock(4242)");
            List<Thread> apiSide = blockedWorkers("api-test-", 8);
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingOnTheLock(holder) == 4);
            long[] answer = new long[1];
            Thread poller = new Thread(() -> answer[0] = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("select 42"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }), "jobtower-poller-probe");
            poller.start();
            poller.join(10_000);
            assertEquals(42, answer[0], "background work still gets a connection");
            lock(holder, "select pg_advisory_unlock(4242)");
            for (Thread t : apiSide) {
                t.join(20_000);
            }
        }
    }

    /** Threads with the given name prefix, each waiting in the database for the advisory lock. */
    private List<Thread> blockedWorkers(String prefix, int n) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                try {
                    db.read(c -> {
                        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock_shared(4242)")) {
                            ps.execute();
                        }
                        return null;
                    });
                } catch (RuntimeException refused) {
                    // past its kind's share: refused after share-wait, as it should be
                }
            }, prefix + i);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    private static void lock(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    private static long waitingOnTheLock(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from pg_locks where locktype = 'advisory' and not granted");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
