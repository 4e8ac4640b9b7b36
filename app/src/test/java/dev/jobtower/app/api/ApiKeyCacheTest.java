package dev.jobtower.app.api;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.support.MovableClock;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key found live is trusted from memory for {@code jobtower.api-key-cache-ttl} (2 s), the common case
 * answered without a database look-up; a revocation through this instance takes effect on the very next
 * request, one made elsewhere (here: straight in the database) once that time is up.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyCacheTest extends JobtowerTest {
    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;
    @Inject
    MovableClock clock;
    @Inject
    Database db;

    ApiFixture fx;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("test.movable-clock", "true");
    }

    @BeforeAll
    void setUp() {
        fx = new ApiFixture(server.getURL().toString(), json, store);
    }

    @Test
    void a_key_revoked_through_this_instance_is_refused_on_the_next_request() {
        ApiFixture.Tenant tenant = fx.newTenant("cache-revoke");
        assertEquals(200, fx.api.get("/api/v1/jobs", tenant.apiKey()).status());
        assertEquals(200, fx.api.get("/api/v1/jobs/stats", tenant.apiKey()).status(), "the key is now remembered");
        Api.Response keys = fx.api.get("/admin/tenants/" + tenant.id() + "/keys", ADMIN_TOKEN);
        String keyId = fx.tree(keys.body()).get("items").get(0).get("keyId").getStringValue();
        assertEquals(204, fx.api.send("DELETE", "/admin/tenants/" + tenant.id() + "/keys/" + keyId, ADMIN_TOKEN, null,
                Map.of()).status());

        Api.Response refused = fx.api.get("/api/v1/jobs", tenant.apiKey());
        assertEquals(401, refused.status(), refused.body());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        assertTrue(refused.body().contains("the API key is not valid"), refused.body());
    }

    @Test
    void a_key_revoked_elsewhere_is_trusted_from_memory_until_its_time_is_up() {
        ApiFixture.Tenant tenant = fx.newTenant("cache-elsewhere");
        Api.Response first = fx.api.get("/api/v1/jobs", tenant.apiKey());
        assertEquals(200, first.status(), first.body());
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update api_key set revoked_at = now() where tenant_id = ?")) {
                ps.setObject(1, tenant.id());
                return ps.executeUpdate();
            }
        });

        Api.Response remembered = fx.api.get("/api/v1/jobs", tenant.apiKey());
        assertEquals(200, remembered.status(), "answered from memory, without asking the database: " + remembered.body());
        assertTrue(remembered.headers().firstValue("RateLimit-Remaining").isPresent(), "the rate limit still applies");

        clock.advance(Duration.ofMillis(2_001));
        Api.Response refused = fx.api.get("/api/v1/jobs", tenant.apiKey());
        assertEquals(401, refused.status(), refused.body());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
    }
}
