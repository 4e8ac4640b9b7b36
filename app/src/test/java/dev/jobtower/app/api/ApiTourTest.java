package dev.jobtower.app.api;

import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's API tour, end to end through HTTP against a real database. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTourTest extends JobtowerTest {
    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;

    ApiFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ApiFixture(server.getURL().toString(), json, store);
    }

    @Test
    void admin_tenant_key_connection_jobs() {
        ApiFixture.Tenant tenant = fx.newTenant("acme");
        UUID connection = fx.newConnection(tenant, "finch", "finch-access-token");

        Api.Response conn = fx.api.get("/api/v1/connections/" + connection, tenant.apiKey());
        assertEquals(200, conn.status());
        JsonNode c = fx.tree(conn.body());
        assertEquals("finch", c.get("provider").getStringValue());
        assertEquals("/webhooks/finch/" + connection, c.get("webhookUrl").getStringValue());
        assertTrue(c.get("vendorConnectionId").isNull(), "absent values are null, never omitted");
        assertFalse(conn.body().contains("finch-access-token"));

        Job job = fx.seedJob(tenant, connection, Provider.of("finch"), "0b7b0a4e", JobStatus.RUNNING, Instant.parse("2026-03-02T09:14:05Z"));
        Api.Response list = fx.api.get("/api/v1/jobs", tenant.apiKey());
        assertEquals(200, list.status());
        JsonNode items = fx.tree(list.body()).get("items");
        assertEquals(1, items.size());
        JsonNode summary = items.get(0);
        assertEquals(job.id().toString(), summary.get("id").getStringValue());
        assertEquals("RUNNING", summary.get("status").getStringValue());
        assertEquals("2026-03-02T09:14:05Z", summary.get("createdAt").getStringValue());
        assertTrue(summary.get("steps") == null, "list items are summaries");
        assertTrue(fx.tree(list.body()).get("nextCursor").isNull());

        JsonNode full = fx.tree(fx.api.get("/api/v1/jobs/" + job.id(), tenant.apiKey()).body());
        assertEquals(0, full.get("steps").size());
        assertNotNull(full.get("attributes"));
        assertFalse(full.get("stale").getBooleanValue());

        Api.Response raw = fx.api.get("/api/v1/jobs/" + job.id() + "/raw", tenant.apiKey());
        assertEquals("{\"job_id\":\"0b7b0a4e\",\"status\":\"running\"}", raw.body());

        JsonNode history = fx.tree(fx.api.get("/api/v1/jobs/" + job.id() + "/history", tenant.apiKey()).body()).get("items");
        assertEquals(1, history.size());
        assertEquals("track", history.get(0).get("source").getStringValue());

        JsonNode stats = fx.tree(fx.api.get("/api/v1/jobs/stats", tenant.apiKey()).body());
        assertEquals(1, stats.get("total").getLongValue());
        assertEquals("finch", stats.get("groups").get(0).get("provider").getStringValue());
        assertEquals("RUNNING", stats.get("groups").get(0).get("status").getStringValue());
        assertEquals(1, stats.get("groups").get(0).get("count").getLongValue());
    }

    @Test
    void api_keys_are_required_and_revocation_is_immediate() {
        ApiFixture.Tenant tenant = fx.newTenant("keys");
        assertEquals(401, fx.api.get("/api/v1/jobs", null).status());
        assertEquals(401, fx.api.get("/api/v1/jobs", "jt_not-a-key").status());
        Api.Response minted = fx.api.post("/admin/tenants/" + tenant.id() + "/keys", ADMIN_TOKEN, null);
        assertEquals(201, minted.status());
        String second = fx.tree(minted.body()).get("apiKey").getStringValue();
        String keyId = fx.tree(minted.body()).get("keyId").getStringValue();
        assertEquals(200, fx.api.get("/api/v1/jobs", second).status());

        Api.Response keys = fx.api.get("/admin/tenants/" + tenant.id() + "/keys", ADMIN_TOKEN);
        assertEquals(2, fx.tree(keys.body()).get("items").size());
        assertFalse(keys.body().contains(second), "a key is shown once, never listed");

        assertEquals(204, fx.api.send("DELETE", "/admin/tenants/" + tenant.id() + "/keys/" + keyId, ADMIN_TOKEN, null, Map.of()).status());
        assertEquals(401, fx.api.get("/api/v1/jobs", second).status());
        assertEquals(200, fx.api.get("/api/v1/jobs", tenant.apiKey()).status());
    }

    @Test
    void the_admin_api_needs_the_admin_token() {
        assertEquals(401, fx.api.post("/admin/tenants", null, "{\"name\":\"x\"}").status());
        assertEquals(401, fx.api.post("/admin/tenants", "wrong", "{\"name\":\"x\"}").status());
        ApiFixture.Tenant tenant = fx.newTenant("t");
        assertEquals(401, fx.api.post("/admin/tenants", tenant.apiKey(), "{\"name\":\"x\"}").status(),
                "an API key is not an admin token");
    }

    @Test
    void connections_rotate_and_delete() {
        ApiFixture.Tenant tenant = fx.newTenant("rotate");
        UUID connection = fx.newConnection(tenant, "invopop", "old-token");
        Api.Response patched = fx.api.send("PATCH", "/api/v1/connections/" + connection, tenant.apiKey(),
                "{\"name\":\"Renamed\",\"credentials\":{\"token\":\"new-token\"},\"webhookSecret\":\"a-long-enough-secret\"}",
                Map.of("Content-Type", "application/json"));
        assertEquals(200, patched.status(), patched.body());
        assertEquals("Renamed", fx.tree(patched.body()).get("name").getStringValue());
        Job job = fx.seedJob(tenant, connection, Provider.of("invopop"), "inv-1", JobStatus.SUCCEEDED, Instant.now());
        assertEquals(204, fx.api.send("DELETE", "/api/v1/connections/" + connection, tenant.apiKey(), null, Map.of()).status());
        assertEquals(404, fx.api.get("/api/v1/connections/" + connection, tenant.apiKey()).status());
        assertEquals(0, fx.tree(fx.api.get("/api/v1/connections", tenant.apiKey()).body()).get("items").size());
        assertEquals(200, fx.api.get("/api/v1/jobs/" + job.id(), tenant.apiKey()).status(), "its jobs stay readable");
    }

    @Test
    void operations_endpoints_answer() {
        Api.Response health = fx.api.get("/health", null);
        assertEquals(200, health.status(), health.body());
        assertTrue(health.body().contains("UP"));
        ApiFixture.Tenant tenant = fx.newTenant("metrics");
        UUID connection = fx.newConnection(tenant, "finch", "tok");
        fx.api.get("/api/v1/jobs", tenant.apiKey());
        Api.Response metrics = fx.api.get("/metrics", null);
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"));
        assertTrue(metrics.body().contains("jobtower_webhooks_inbox_depth"));
        assertTrue(metrics.body().contains("resilience4j_circuitbreaker_state"));
        assertFalse(metrics.body().contains(tenant.id().toString()) || metrics.body().contains(connection.toString()),
                "no tenant or connection ids in metric tags");
        Api.Response openapi = fx.api.get("/openapi.yml", null);
        assertEquals(200, openapi.status());
        assertTrue(openapi.body().contains("/api/v1/jobs"), "generated from the code");
        Api.Response ui = fx.api.get("/swagger-ui/index.html", null);
        assertEquals(200, ui.status());
    }
}
