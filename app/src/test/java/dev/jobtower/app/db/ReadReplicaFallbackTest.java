package dev.jobtower.app.db;

import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A configured read replica that cannot be reached does not take reads down: first list pages and
 * stats fall back to the primary (the scale-out check proves reads reach a real streaming replica).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadReplicaFallbackTest extends JobtowerTest {
    @Inject
    EmbeddedServer server;
    @Inject
    Database database;

    @Override
    protected Map<String, String> extraProperties() {
        // nothing listens on port 9: every replica connection is refused
        return Map.of("jobtower.db.read-url", "jdbc:postgresql://127.0.0.1:9/jobtower");
    }

    @Test
    void lists_and_stats_answer_from_the_primary_while_the_replica_is_unreachable() {
        Api api = new Api(server.getURL().toString());
        Api.Response tenant = api.post("/admin/tenants", ADMIN_TOKEN, "{\"name\":\"replica-down\"}");
        assertEquals(201, tenant.status(), tenant.body());
        Matcher key = Pattern.compile("\"apiKey\"\\s*:\\s*\"([^\"]+)\"").matcher(tenant.body());
        assertTrue(key.find());
        long before = database.replicaFallbacks();

        Api.Response list = api.get("/api/v1/jobs?limit=5", key.group(1));
        Api.Response stats = api.get("/api/v1/jobs/stats", key.group(1));

        assertEquals(200, list.status(), list.body());
        assertEquals(200, stats.status(), stats.body());
        assertEquals(before + 2, database.replicaFallbacks(), "both reads were tried on the replica first");
    }
}
