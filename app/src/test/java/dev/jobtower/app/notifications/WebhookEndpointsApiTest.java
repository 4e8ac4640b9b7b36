package dev.jobtower.app.notifications;

import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.FakeHostResolver;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.domain.job.JobStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The endpoints API with the private-address rule on (the default): SSRF targets refused at creation
 * and at each attempt (DNS rebinding), bad input answered 400 naming the field, secrets never shown
 * after creation, other tenants' endpoints 404. DNS answers come from a fake resolver.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookEndpointsApiTest extends JobtowerTest {
    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;
    @Inject
    FakeHostResolver dns;
    @Inject
    WebhookDispatcher dispatcher;

    NotificationsFixture fx;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.notifications.worker.enabled", "false", "jobtower.test.fake-dns", "true");
    }

    @BeforeAll
    void setUp() {
        fx = new NotificationsFixture(new Api(server.getURL().toString()), json, store);
        dns.answer("hooks.example.com", "93.184.216.34");
        dns.answer("internal.example.com", "10.0.0.1");
    }

    Api.Response create(String body) {
        return fx.api.post("/api/v1/webhook-endpoints", fx.key, body);
    }

    void assertRefused(Api.Response r, String parameter) {
        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        JsonNode errors = fx.tree(r.body()).get("errors");
        List<String> named = new java.util.ArrayList<>();
        errors.values().forEach(e -> named.add(e.get("parameter").getStringValue()));
        assertTrue(named.contains(parameter), r.body());
    }

    @Test
    void urls_that_reach_loopback_private_link_local_or_unspecified_addresses_are_refused() {
        for (String url : List.of("https://127.0.0.1/hook", "https://[::1]/hook", "https://169.254.169.254/latest/meta-data",
                "https://internal.example.com/hook", "https://0.0.0.0/hook", "https://10.1.2.3/hook", "https://192.168.1.1/",
                "https://[fd00::1]/", "https://[::ffff:127.0.0.1]/", "https://localhost/")) {
            Api.Response r = create("{\"url\":\"" + url + "\"}");
            assertRefused(r, "url");
            assertFalse(r.body().contains("Exception"), r.body());
        }
    }

    @Test
    void only_https_urls_are_accepted() {
        for (String url : List.of("http://hooks.example.com/x", "ftp://hooks.example.com/x", "hooks.example.com/x", "https://",
                "https://user:pw@hooks.example.com/x", "")) {
            assertRefused(create("{\"url\":\"" + url + "\"}"), "url");
        }
        assertRefused(create("{}"), "url");
        assertRefused(create("{\"url\":42}"), "url");
    }

    @Test
    void a_name_that_rebinds_to_a_private_address_is_refused_at_the_attempt() {
        dns.answer("rebind.example.com", "93.184.216.35");
        Api.Response r = create("{\"url\":\"https://rebind.example.com/hook\",\"filter\":{\"type\":[\"rebind\"]}}");
        assertEquals(201, r.status(), r.body());
        String id = fx.tree(r.body()).get("id").getStringValue();
        dns.answer("rebind.example.com", "127.0.0.1");
        fx.store.record(new dev.jobtower.domain.job.TenantId(fx.tenant), new dev.jobtower.domain.job.ConnectionId(fx.connection),
                dev.jobtower.domain.job.Provider.of("finch"), dev.jobtower.domain.job.VendorJob.builder("rebind-1").type("rebind")
                        .status(JobStatus.RUNNING).vendorStatus("running").build(), dev.jobtower.domain.job.Source.POLL,
                java.time.Instant.now(), true);
        dispatcher.deliverDue().done().join();
        JsonNode message = fx.tree(fx.api.get("/api/v1/webhook-endpoints/" + id + "/messages", fx.key).body()).get("items").get(0);
        JsonNode attempt = message.get("attempts").get(0);
        assertTrue(attempt.get("responseStatus").isNull(), fx.api.get("/api/v1/webhook-endpoints/" + id + "/messages", fx.key).body());
        assertTrue(attempt.get("error").getStringValue().startsWith("url refused"), attempt.toString());
        assertEquals("pending", message.get("status").getStringValue());
    }

    @Test
    void bad_fields_are_each_named() {
        assertRefused(create("{\"url\":\"https://hooks.example.com/x\",\"events\":[\"job.created\"]}"), "events");
        assertRefused(create("{\"url\":\"https://hooks.example.com/x\",\"events\":[]}"), "events");
        assertRefused(create("{\"url\":\"https://hooks.example.com/x\",\"events\":\"job.overdue\"}"), "events");
        assertRefused(create("{\"url\":\"https://hooks.example.com/x\",\"filter\":{\"provider\":[\"stripe\"]}}"), "filter.provider");
        assertRefused(create("{\"url\":\"https://hooks.example.com/x\",\"filter\":{\"status\":[\"DONE\"]}}"), "filter.status");
        assertRefused(create("{\"url\":\"https://hooks.example.com/x\",\"filter\":{\"connectionId\":[\"nope\"]}}"), "filter.connectionId");
        assertRefused(create("{\"url\":\"https://hooks.example.com/x\",\"filter\":{\"colour\":[\"red\"]}}"), "filter.colour");
        assertRefused(create("{\"url\":\"https://hooks.example.com/x\",\"secret\":\"mine\"}"), "secret");
        assertRefused(create("not json"), "body");
        String id = fx.tree(create("{\"url\":\"https://hooks.example.com/x\"}").body()).get("id").getStringValue();
        assertRefused(fx.api.send("PATCH", "/api/v1/webhook-endpoints/" + id, fx.key, "{\"enabled\":\"yes\"}",
                Map.of("Content-Type", "application/json")), "enabled");
        assertRefused(fx.api.send("PATCH", "/api/v1/webhook-endpoints/" + id, fx.key, "{\"url\":\"https://127.0.0.1/\"}",
                Map.of("Content-Type", "application/json")), "url");
        assertRefused(fx.api.get("/api/v1/webhook-endpoints/not-a-uuid", fx.key), "id");
        assertRefused(fx.api.get("/api/v1/webhook-endpoints/" + id + "/messages?status=lost", fx.key), "status");
        assertRefused(fx.api.get("/api/v1/webhook-endpoints/" + id + "/messages?limit=0", fx.key), "limit");
        assertRefused(fx.api.get("/api/v1/webhook-endpoints/" + id + "/messages?cursor=abc", fx.key), "cursor");
        assertRefused(fx.api.get("/api/v1/webhook-endpoints/" + id + "/messages?colour=red", fx.key), "colour");
        assertRefused(fx.api.post("/api/v1/webhook-endpoints/" + id + "/recover", fx.key, "{\"since\":\"yesterday\"}"), "since");
        assertRefused(fx.api.post("/api/v1/webhook-endpoints/" + id + "/messages/nope/resend", fx.key, null), "messageId");
        assertEquals(404, fx.api.post("/api/v1/webhook-endpoints/" + id + "/messages/" + UUID.randomUUID() + "/resend",
                fx.key, null).status());
    }

    @Test
    void the_secret_is_shown_at_creation_and_rotation_only_and_other_tenants_see_nothing() {
        Api.Response created = create("{\"url\":\"https://hooks.example.com/a\",\"description\":\"ops\"}");
        assertEquals(201, created.status(), created.body());
        JsonNode endpoint = fx.tree(created.body());
        String secret = endpoint.get("secret").getStringValue();
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{43}="), secret);
        assertEquals(32, java.util.Base64.getDecoder().decode(secret.substring(6)).length);
        assertEquals(List.of("job.status_changed", "job.overdue"), List.of(endpoint.get("events").get(0).getStringValue(),
                endpoint.get("events").get(1).getStringValue()));
        assertTrue(endpoint.get("enabled").getBooleanValue());
        assertTrue(endpoint.get("disabledReason").isNull());
        assertEquals(0, endpoint.get("filter").get("provider").size());
        String id = endpoint.get("id").getStringValue();

        Api.Response one = fx.api.get("/api/v1/webhook-endpoints/" + id, fx.key);
        Api.Response all = fx.api.get("/api/v1/webhook-endpoints", fx.key);
        for (Api.Response r : List.of(one, all)) {
            assertEquals(200, r.status());
            assertFalse(r.body().contains(secret), r.body());
            assertFalse(r.body().contains("secret"), r.body());
        }
        assertEquals("ops", fx.tree(one.body()).get("description").getStringValue());

        NotificationsFixture other = new NotificationsFixture(fx.api, json, store);
        assertEquals(404, other.api.get("/api/v1/webhook-endpoints/" + id, other.key).status());
        assertEquals(404, other.api.post("/api/v1/webhook-endpoints/" + id + "/rotate-secret", other.key, null).status());
        assertEquals(404, other.api.send("DELETE", "/api/v1/webhook-endpoints/" + id, other.key, null, Map.of()).status());
        assertFalse(other.api.get("/api/v1/webhook-endpoints", other.key).body().contains(id));

        Api.Response patched = fx.api.send("PATCH", "/api/v1/webhook-endpoints/" + id, fx.key,
                "{\"description\":\"ops team\",\"events\":[\"job.overdue\"],\"filter\":{\"status\":[\"FAILED\"]},\"enabled\":false}",
                Map.of("Content-Type", "application/json"));
        assertEquals(200, patched.status(), patched.body());
        JsonNode p = fx.tree(patched.body());
        assertEquals("ops team", p.get("description").getStringValue());
        assertEquals(1, p.get("events").size());
        assertEquals("FAILED", p.get("filter").get("status").get(0).getStringValue());
        assertFalse(p.get("enabled").getBooleanValue());
        assertEquals("https://hooks.example.com/a", p.get("url").getStringValue());

        assertEquals(204, fx.api.send("DELETE", "/api/v1/webhook-endpoints/" + id, fx.key, null, Map.of()).status());
        assertEquals(404, fx.api.get("/api/v1/webhook-endpoints/" + id, fx.key).status());
    }

    @Test
    void without_a_key_the_api_answers_401() {
        assertEquals(401, fx.api.get("/api/v1/webhook-endpoints", null).status());
        assertEquals(401, fx.api.post("/api/v1/webhook-endpoints", "jt_wrong", "{\"url\":\"https://hooks.example.com/x\"}").status());
    }
}
