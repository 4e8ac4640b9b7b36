package dev.jobtower.app.vendors;

import dev.jobtower.app.support.TestJson;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.EventStreamClient;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.support.MovableClock;
import dev.jobtower.app.sync.Poller;
import dev.jobtower.app.webhooks.WebhookProcessor;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.VendorModule;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.contract.InMemoryJobProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Order;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "A vendor is one module", proven: a fourth vendor that exists only in this test (the in-memory fake of the
 * contracts, behind the same {@link VendorModule} port as Finch, anon and Invopop, registered as a test bean)
 * is followed through the whole application with no change to {@code app/src/main}: it is listed by
 * {@code /api/v1/providers}, accepted as a connection, its jobs are tracked, refreshed, polled and moved by its
 * signed webhooks, filtered with {@code provider=}, counted by the stats and streamed as events; an unknown
 * provider is still a 400 naming the allowed values, now including it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FourthVendorEndToEndTest extends JobtowerTest {
    static final Provider FAKE = Provider.of("fake");

    /** The test-only vendor module: the contracts' in-memory vendor, registered like any adapter's module. */
    @Singleton
    @Order(4)
    @Requires(property = "test.fourth-vendor", value = "true")
    static class FakeVendorModule implements VendorModule {
        final InMemoryJobProvider vendor = new InMemoryJobProvider(FAKE);

        @Override
        public Provider provider() {
            return FAKE;
        }

        @Override
        public String label() {
            return "Fake Vendor";
        }

        @Override
        public JobProvider jobProvider() {
            return vendor;
        }
    }

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    FakeVendorModule module;
    @Inject
    Poller poller;
    @Inject
    WebhookProcessor webhooks;
    @Inject
    MovableClock clock;

    Api api;
    String key;
    final List<EventStreamClient> streams = new ArrayList<>();
    final String secret = newSecret();

    @Override
    protected Map<String, String> extraProperties() {
        // the poller is on, but only this test's rounds run (its schedule waits an hour)
        return Map.of("test.fourth-vendor", "true", "test.movable-clock", "true", "jobtower.webhooks.async", "false",
                "jobtower.events.heartbeat", "300ms", "jobtower.poll.enabled", "true", "jobtower.poll.tick", "1h",
                "jobtower.poll.initial-delay", "1h");
    }

    @BeforeAll
    void tenant() {
        api = new Api(server.getURL().toString());
        Api.Response t = api.post("/admin/tenants", ADMIN_TOKEN, "{\"name\":\"fourth-vendor\"}");
        assertEquals(201, t.status(), t.body());
        key = tree(t.body()).get("apiKey").getStringValue();
    }

    @AfterAll
    void closeStreams() {
        streams.forEach(EventStreamClient::close);
    }

    @Test
    void a_fourth_vendor_registered_by_a_test_module_flows_through_every_part_of_the_app() {
        // the providers endpoint lists it after the three, with its label (the dashboard builds its lists from this)
        JsonNode providers = tree(ok(api.get("/api/v1/providers", key))).get("items");
        List<String> names = new ArrayList<>();
        providers.values().forEach(p -> names.add(p.get("provider").getStringValue()));
        assertEquals(List.of("finch", "anon", "invopop", "fake"), names);
        assertEquals("Fake Vendor", providers.get(3).get("label").getStringValue());
        assertEquals("Finch", providers.get(0).get("label").getStringValue());

        // a connection to it
        Api.Response created = api.post("/api/v1/connections", key, "{\"provider\":\"fake\",\"name\":\"Fake account\","
                + "\"credentials\":{\"token\":\"fake-token\"},\"webhookSecret\":\"" + secret + "\"}");
        assertEquals(201, created.status(), created.body());
        JsonNode connection = tree(created.body());
        assertEquals("fake", connection.get("provider").getStringValue());
        String connectionId = connection.get("id").getStringValue();
        assertTrue(connection.get("webhookUrl").getStringValue().endsWith("/webhooks/fake/" + connectionId),
                connection.get("webhookUrl").getStringValue());
        // the background discovery of a new connection has asked the (still empty) vendor
        await().atMost(Duration.ofSeconds(10)).until(() -> module.vendor.requestCount() >= 1);

        // the event stream, filtered to the new vendor
        EventStreamClient stream = EventStreamClient.open(server.getURL().toString(), "/api/v1/jobs/events?provider=fake",
                key, Map.of());
        streams.add(stream);
        assertEquals(200, stream.status, stream.body);
        await().atMost(Duration.ofSeconds(5)).until(stream::live);

        // track
        module.vendor.put("fake-job-1", JobStatus.RUNNING);
        Api.Response tracked = api.post("/api/v1/jobs/track", key,
                "{\"connectionId\":\"" + connectionId + "\",\"externalId\":\"fake-job-1\"}");
        assertTrue(tracked.status() == 200 || tracked.status() == 201, tracked.status() + " " + tracked.body());
        JsonNode job = tree(tracked.body());
        String id = job.get("id").getStringValue();
        assertEquals("fake", job.get("provider").getStringValue());
        assertEquals("RUNNING", job.get("status").getStringValue());

        // refresh
        module.vendor.put("fake-job-1", JobStatus.WAITING);
        JsonNode refreshed = tree(ok(api.post("/api/v1/jobs/" + id + "/refresh", key, "")));
        assertEquals("WAITING", refreshed.get("status").getStringValue());

        // the poller: once the job is due, a round reads it
        module.vendor.put("fake-job-1", JobStatus.RUNNING);
        clock.advance(Duration.ofHours(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            poller.round();
            return "RUNNING".equals(status(id));
        });

        // a signed webhook at /webhooks/fake/{connectionId}; a forged one is 401
        module.vendor.put("fake-job-1", JobStatus.SUCCEEDED);
        assertEquals(401, webhook(connectionId, "evt-forged", "fake-job-1", newSecret()).status());
        Api.Response delivered = webhook(connectionId, "evt-1", "fake-job-1", secret);
        assertEquals(200, delivered.status(), delivered.body());
        webhooks.drainOnce();
        assertEquals("SUCCEEDED", status(id));
        List<String> history = new ArrayList<>();
        tree(ok(api.get("/api/v1/jobs/" + id + "/history", key))).get("items").values()
                .forEach(h -> history.add(h.get("status").getStringValue() + "/" + h.get("source").getStringValue()));
        assertEquals(List.of("RUNNING/track", "WAITING/refresh", "RUNNING/poll", "SUCCEEDED/webhook"), history);

        // provider= filters: the list, the stats, and the other vendors' filter does not see it
        JsonNode listed = tree(ok(api.get("/api/v1/jobs?provider=fake", key))).get("items");
        assertEquals(1, listed.size());
        assertEquals(id, listed.get(0).get("id").getStringValue());
        assertEquals(0, tree(ok(api.get("/api/v1/jobs?provider=finch,anon,invopop", key))).get("items").size());
        JsonNode groups = tree(ok(api.get("/api/v1/jobs/stats?groupBy=provider,status&provider=fake", key))).get("groups");
        assertEquals(1, groups.size());
        assertEquals("fake", groups.get(0).get("provider").getStringValue());
        assertEquals("SUCCEEDED", groups.get(0).get("status").getStringValue());
        assertEquals(1, groups.get(0).get("count").getIntValue());

        // the event stream carried every change of the job
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.mentioning(id).stream()
                .anyMatch(e -> e.data().contains("\"SUCCEEDED\"")));
        for (EventStreamClient.Event e : stream.mentioning(id)) {
            assertEquals("fake", tree(e.data()).get("provider").getStringValue());
        }

        // an unknown provider is still a 400 naming the allowed values: now the four registered ones
        Api.Response unknown = api.get("/api/v1/jobs?provider=nope", key);
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("finch, anon, invopop, fake"), unknown.body());
        Api.Response badConnection = api.post("/api/v1/connections", key, "{\"provider\":\"nope\",\"name\":\"x\","
                + "\"credentials\":{\"token\":\"t\"}}");
        assertEquals(400, badConnection.status(), badConnection.body());
        assertTrue(badConnection.body().contains("must be one of finch, anon, invopop, fake"), badConnection.body());
    }

    private Api.Response webhook(String connectionId, String eventId, String externalId, String signingSecret) {
        WebhookDelivery d = InMemoryJobProvider.signedDelivery(eventId, externalId, signingSecret, clock.instant());
        Map<String, String> headers = new HashMap<>();
        for (String name : List.of("fake-event-id", "fake-timestamp", "fake-signature")) {
            headers.put(name, d.header(name).orElseThrow());
        }
        headers.put("Content-Type", "text/plain");
        return api.send("POST", "/webhooks/fake/" + connectionId, null, new String(d.body()), headers);
    }

    private String status(String id) {
        return tree(ok(api.get("/api/v1/jobs/" + id, key))).get("status").getStringValue();
    }

    private static String ok(Api.Response r) {
        assertEquals(200, r.status(), r.body());
        return r.body();
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private JsonNode tree(String text) {
        return TestJson.tree(json, text);
    }
}
