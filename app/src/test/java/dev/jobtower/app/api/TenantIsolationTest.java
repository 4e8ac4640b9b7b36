package dev.jobtower.app.api;

import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Tenant B never sees tenant A: 404 on every endpoint for A's jobs and connections, nothing in lists or stats. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest extends JobtowerTest {
    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;

    ApiFixture fx;
    ApiFixture.Tenant a;
    ApiFixture.Tenant b;
    UUID aConnection;
    Job aJob;

    @BeforeAll
    void setUp() {
        fx = new ApiFixture(server.getURL().toString(), json, store);
        a = fx.newTenant("a");
        b = fx.newTenant("b");
        aConnection = fx.newConnection(a, "finch", "token-of-a");
        aJob = fx.seedJob(a, aConnection, Provider.of("finch"), "job-of-a", JobStatus.RUNNING, Instant.now());
        fx.newConnection(b, "finch", "token-of-b");
    }

    @Test
    void b_gets_404_for_each_of_as_jobs_and_connections_on_every_endpoint() {
        String json = "{\"connectionId\":\"" + aConnection + "\",\"type\":\"data_sync_all\"}";
        Map<String, String> ct = Map.of("Content-Type", "application/json");
        List<Api.Response> answers = List.of(
                fx.api.get("/api/v1/jobs/" + aJob.id(), b.apiKey()),
                fx.api.get("/api/v1/jobs/" + aJob.id() + "/raw", b.apiKey()),
                fx.api.get("/api/v1/jobs/" + aJob.id() + "/history", b.apiKey()),
                fx.api.send("POST", "/api/v1/jobs/" + aJob.id() + "/refresh", b.apiKey(), null, Map.of()),
                fx.api.get("/api/v1/connections/" + aConnection, b.apiKey()),
                fx.api.send("PATCH", "/api/v1/connections/" + aConnection, b.apiKey(), "{\"name\":\"stolen\"}", ct),
                fx.api.send("DELETE", "/api/v1/connections/" + aConnection, b.apiKey(), null, Map.of()),
                fx.api.send("POST", "/api/v1/jobs", b.apiKey(), json, ct),
                fx.api.send("POST", "/api/v1/jobs/track", b.apiKey(),
                        "{\"connectionId\":\"" + aConnection + "\",\"externalId\":\"job-of-a\"}", ct));
        for (Api.Response r : answers) {
            assertEquals(404, r.status(), r.body());
            assertFalse(r.body().contains("job-of-a"), "nothing of A's job is revealed");
        }
        assertEquals(200, fx.api.get("/api/v1/connections/" + aConnection, a.apiKey()).status(), "A still has it");
        assertEquals("finch account", fx.tree(fx.api.get("/api/v1/connections/" + aConnection, a.apiKey()).body())
                .get("name").getStringValue(), "B's PATCH changed nothing");
    }

    @Test
    void b_sees_none_of_as_jobs_in_lists_and_stats() {
        assertEquals(0, fx.tree(fx.api.get("/api/v1/jobs", b.apiKey()).body()).get("items").size());
        assertEquals(0, fx.tree(fx.api.get("/api/v1/jobs?connectionId=" + aConnection, b.apiKey()).body()).get("items").size());
        assertEquals(0, fx.tree(fx.api.get("/api/v1/jobs?externalId=job-of-a", b.apiKey()).body()).get("items").size());
        assertEquals(0, fx.tree(fx.api.get("/api/v1/jobs/stats", b.apiKey()).body()).get("total").getLongValue());
        assertEquals(0, fx.tree(fx.api.get("/api/v1/jobs/stats?q=job", b.apiKey()).body()).get("total").getLongValue());
        assertEquals(1, fx.tree(fx.api.get("/api/v1/connections", b.apiKey()).body()).get("items").size(), "only B's own");
        assertEquals(1, fx.tree(fx.api.get("/api/v1/jobs", a.apiKey()).body()).get("items").size());
    }
}
