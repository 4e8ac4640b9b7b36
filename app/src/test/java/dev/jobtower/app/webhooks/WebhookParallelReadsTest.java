package dev.jobtower.app.webhooks;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.jobtower.adapters.finch.FinchWebhooks;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhook processing as it runs by itself: deliveries of different jobs of one connection are read side by
 * side (the stub holds each of two jobs' reads until both have arrived, so one read at a time would never
 * get both answered), and one job's deliveries never have two reads in flight at once.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookParallelReadsTest extends JobtowerTest {
    /** Holds reads of the gated paths until all of them arrived; counts reads in flight per path. */
    static final class Gate implements ResponseDefinitionTransformerV2 {
        final Set<String> gated = ConcurrentHashMap.newKeySet();
        volatile CountDownLatch arrived = new CountDownLatch(0);
        final AtomicBoolean met = new AtomicBoolean();
        final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
        /** Reads of any job in flight (one connection), and the most at once. */
        final AtomicInteger allInFlight = new AtomicInteger();
        final AtomicInteger maxAllInFlight = new AtomicInteger();
        /** While open, each read waits (at most 2 s) until this many reads have arrived. */
        volatile CountDownLatch crowd = new CountDownLatch(0);

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String path = event.getRequest().getUrl();
            AtomicInteger now = inFlight.computeIfAbsent(path, p -> new AtomicInteger());
            maxInFlight.computeIfAbsent(path, p -> new AtomicInteger()).accumulateAndGet(now.incrementAndGet(), Math::max);
            boolean read = path.startsWith("/jobs/automated/");
            if (read) {
                maxAllInFlight.accumulateAndGet(allInFlight.incrementAndGet(), Math::max);
            }
            try {
                CountDownLatch waitFor = crowd;
                if (read && waitFor.getCount() > 0) {
                    waitFor.countDown();
                    waitFor.await(2, TimeUnit.SECONDS);
                }
                if (gated.remove(path)) {
                    CountDownLatch latch = arrived;
                    latch.countDown();
                    if (latch.await(5, TimeUnit.SECONDS)) {
                        met.set(true);
                    }
                }
                return event.getResponseDefinition();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return event.getResponseDefinition();
            } finally {
                now.decrementAndGet();
                if (read) {
                    allInFlight.decrementAndGet();
                }
            }
        }

        @Override
        public String getName() {
            return "gate";
        }
    }

    static final Gate GATE = new Gate();
    static final WireMockServer FINCH = new WireMockServer(options().dynamicPort().extensions(GATE));

    static {
        FINCH.start();
    }

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    WebhookInbox inbox;

    Api api;
    String key;
    String connection;
    final String secret = Base64.getEncoder().encodeToString(("parallel secret " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));

    @Override
    protected Map<String, String> extraProperties() {
        // two vendor calls of a connection at once (the provider's own share would allow six), six deliveries
        // processed at once (read and stored)
        return Map.of("jobtower.finch.base-url", FINCH.baseUrl(), "jobtower.finch.read-timeout", "10s",
                "jobtower.finch.resilience.timeout", "15s", "jobtower.finch.resilience.rate-limit.limit", "1000",
                "jobtower.finch.resilience.connection.concurrency", "6",
                "jobtower.webhooks.connection-parallelism", "2", "jobtower.webhooks.connection-tasks", "6");
    }

    @AfterAll
    void stopVendor() {
        FINCH.stop();
    }

    @BeforeAll
    void tenantAndConnection() {
        api = new Api(server.getURL().toString());
        key = tree(api.post("/admin/tenants", ADMIN_TOKEN, "{\"name\":\"parallel\"}").body()).get("apiKey").getStringValue();
        FINCH.stubFor(WireMock.get("/introspect").withHeader("Authorization", equalTo("Bearer tok-p"))
                .willReturn(okJson("{\"connection_id\":\"conn-tok-p\",\"client_type\":\"production\"}")));
        Api.Response r = api.post("/api/v1/connections", key, "{\"provider\":\"finch\",\"name\":\"p\","
                + "\"credentials\":{\"token\":\"tok-p\"},\"webhookSecret\":\"" + secret + "\"}");
        assertEquals(201, r.status(), r.body());
        connection = tree(r.body()).get("id").getStringValue();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                tree(api.get("/api/v1/connections/" + connection, key).body()).get("vendorConnectionId").isString());
    }

    JsonNode tree(String text) {
        try {
            return json.readValue(text, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String track(String vendorJob) {
        FINCH.stubFor(WireMock.get("/jobs/automated/" + vendorJob).willReturn(okJson(WebhookCoalescingTest.automatedJob(vendorJob, "in_progress"))));
        Api.Response tracked = api.post("/api/v1/jobs/track", key, "{\"connectionId\":\"" + connection + "\",\"externalId\":\"" + vendorJob + "\"}");
        assertEquals(201, tracked.status(), tracked.body());
        return tree(tracked.body()).get("id").getStringValue();
    }

    void deliver(String vendorJob) {
        String eventId = "msg_" + UUID.randomUUID();
        long timestamp = Instant.now().getEpochSecond();
        String body = "{\"company_id\":\"720be419-0293-4d32-a707-32179b0827ab\",\"connection_id\":\"conn-tok-p\","
                + "\"entity_id\":null,\"event_type\":\"job.data_sync_all.completed\",\"data\":{\"job_id\":\"" + vendorJob
                + "\",\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + vendorJob + "\"}}";
        String signature = FinchWebhooks.VERIFIER.sign(eventId, timestamp, body.getBytes(StandardCharsets.UTF_8), secret);
        Api.Response r = api.send("POST", "/webhooks/finch/" + connection, null, body, Map.of("Content-Type", "application/json",
                FinchWebhooks.EVENT_ID_HEADER, eventId, FinchWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp),
                FinchWebhooks.SIGNATURE_HEADER, signature));
        assertEquals(200, r.status(), r.body());
    }

    String status(String id) {
        return tree(api.get("/api/v1/jobs/" + id, key).body()).get("status").getStringValue();
    }

    @Test
    void different_jobs_of_one_connection_are_read_side_by_side_and_one_job_one_read_at_a_time() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        String aId = track(a);
        String bId = track(b);
        String cId = track(c);
        for (String job : new String[]{a, b, c}) {
            FINCH.stubFor(WireMock.get("/jobs/automated/" + job).willReturn(okJson(WebhookCoalescingTest.automatedJob(job, "complete"))));
        }
        GATE.arrived = new CountDownLatch(2);
        GATE.gated.addAll(Set.of("/jobs/automated/" + a, "/jobs/automated/" + b));

        deliver(a);
        deliver(b);
        for (int i = 0; i < 6; i++) {
            deliver(c);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(status(aId)) && "SUCCEEDED".equals(status(bId))
                && "SUCCEEDED".equals(status(cId)));
        assertTrue(GATE.met.get(), "a's and b's reads were in flight at the same time");
        assertEquals(1, GATE.maxInFlight.get("/jobs/automated/" + c).get(), "never two reads of one job at once");
    }

    @Test
    void a_burst_for_many_jobs_is_read_and_stored_with_at_most_the_connections_calls_at_the_vendor() {
        int jobs = 8;
        int perJob = 4;
        String[] vendorJobs = new String[jobs];
        String[] ids = new String[jobs];
        for (int j = 0; j < jobs; j++) {
            vendorJobs[j] = UUID.randomUUID().toString();
            ids[j] = track(vendorJobs[j]);
        }
        for (String job : vendorJobs) {
            FINCH.stubFor(WireMock.get("/jobs/automated/" + job).willReturn(okJson(WebhookCoalescingTest.automatedJob(job, "complete"))));
        }
        int readsBefore = FINCH.countRequestsMatching(WireMock.getRequestedFor(WireMock.urlPathMatching("/jobs/automated/.*")).build()).getCount();
        GATE.maxAllInFlight.set(0);
        // the first reads wait for a third one to arrive at the vendor at the same time: with two calls per connection
        // it never does (without the gate, six deliveries being processed would put six reads there)
        GATE.crowd = new CountDownLatch(3);

        for (int round = 0; round < perJob; round++) {
            for (String job : vendorJobs) {
                deliver(job);
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> inbox.depth() == 0);
        for (String id : ids) {
            assertEquals("SUCCEEDED", status(id));
        }
        int reads = FINCH.countRequestsMatching(WireMock.getRequestedFor(WireMock.urlPathMatching("/jobs/automated/.*")).build()).getCount()
                - readsBefore;
        assertTrue(reads >= jobs && reads <= jobs * perJob, "every job read, never more than once a delivery: " + reads);
        assertEquals(2, GATE.maxAllInFlight.get(), "the connection's vendor calls at once");
        for (String job : vendorJobs) {
            assertEquals(1, GATE.maxInFlight.get("/jobs/automated/" + job).get(), "never two reads of one job at once");
        }
    }
}
