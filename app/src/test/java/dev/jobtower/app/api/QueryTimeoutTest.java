package dev.jobtower.app.api;

import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JOBTOWER_QUERY_TIMEOUT: a list or stats query that runs too long is cancelled and answered 503
 * query-timeout, while other requests go on being answered. The query is made slow by a lock another
 * transaction holds on the tables it reads (PostgreSQL counts a lock wait as running time).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a missing timeout must fail, not hang
class QueryTimeoutTest extends JobtowerTest {
    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;
    @Value("${jobtower.db.url}")
    String dbUrl;

    ApiFixture fx;
    ApiFixture.Tenant tenant;
    UUID connection;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.query-timeout", "700ms");
    }

    @BeforeAll
    void setUp() {
        fx = new ApiFixture(server.getURL().toString(), json, store);
        tenant = fx.newTenant("timeouts");
        connection = fx.newConnection(tenant, "finch", "token");
        fx.seedJob(tenant, connection, Provider.of("finch"), "timeout-1", JobStatus.RUNNING, Instant.parse("2026-03-01T10:00:00Z"));
    }

    private void assertQueryTimeout(Api.Response r) {
        assertEquals(503, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        JsonNode problem = fx.tree(r.body());
        assertEquals("https://jobtower.dev/problems/query-timeout", problem.get("type").getStringValue());
        assertTrue(problem.get("detail").getStringValue().contains("narrow the filters"), r.body());
        assertTrue(problem.get("detail").getStringValue().contains("700 ms"), r.body());
    }

    @Test
    void a_slow_list_or_stats_query_answers_503_while_other_requests_succeed() throws SQLException {
        assertEquals(200, fx.api.get("/api/v1/jobs", tenant.apiKey()).status());
        try (Connection blocker = DriverManager.getConnection(dbUrl, "postgres", "");
             Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("lock table job, job_count in access exclusive mode");

            assertQueryTimeout(fx.api.get("/api/v1/jobs", tenant.apiKey()));
            assertQueryTimeout(fx.api.get("/api/v1/jobs?status=RUNNING&q=timeout", tenant.apiKey()));
            assertQueryTimeout(fx.api.get("/api/v1/jobs/stats?groupBy=status", tenant.apiKey()));
            assertQueryTimeout(fx.api.get("/api/v1/jobs/stats?q=timeout", tenant.apiKey()));

            // meanwhile the rest of the API answers, from the same pool
            Api.Response connections = fx.api.get("/api/v1/connections", tenant.apiKey());
            assertEquals(200, connections.status(), connections.body());
            assertEquals(200, fx.api.get("/api/v1/connections/" + connection, tenant.apiKey()).status());
            assertEquals(200, fx.api.get("/health", null).status());
            blocker.rollback();
        }
        Api.Response list = fx.api.get("/api/v1/jobs", tenant.apiKey());
        assertEquals(200, list.status(), list.body());
        assertTrue(list.body().contains("timeout-1"), "the cancelled queries left the pool's connections usable");
        assertEquals(200, fx.api.get("/api/v1/jobs/stats?groupBy=status", tenant.apiKey()).status());
    }
}
