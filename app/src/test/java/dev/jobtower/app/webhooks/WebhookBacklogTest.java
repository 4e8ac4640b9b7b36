package dev.jobtower.app.webhooks;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.support.TestJson;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backlog far larger than one claim (a claim takes at most a few deliveries per connection) is worked off
 * by one wake-up: the processor keeps claiming while claims find work, it does not wait for the next delivery
 * or the sweep (here an hour away) to come back for the rest.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookBacklogTest extends JobtowerTest {
    static final WireMockServer FINCH = new WireMockServer(options().dynamicPort());

    static {
        FINCH.start();
    }

    @Inject
    EmbeddedServer server;
    @Inject
    WebhookInbox inbox;
    @Inject
    WebhookProcessor processor;
    @Inject
    JsonMapper json;

    JsonNode tree(String text) {
        return TestJson.tree(json, text);
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.finch.base-url", FINCH.baseUrl(), "jobtower.finch.resilience.rate-limit.limit", "1000",
                "jobtower.webhooks.sweep", "1h", "jobtower.webhooks.connection-tasks", "4",
                "jobtower.webhooks.connection-parallelism", "2");
    }

    @AfterAll
    void stopVendor() {
        FINCH.stop();
    }

    @Test
    void one_wake_up_works_off_a_backlog_of_many_claims() {
        Api api = new Api(server.getURL().toString());
        String key = tree(api.post("/admin/tenants", ADMIN_TOKEN, "{\"name\":\"backlog\"}").body()).get("apiKey").getStringValue();
        FINCH.stubFor(WireMock.get("/introspect").withHeader("Authorization", equalTo("Bearer tok-b"))
                .willReturn(okJson("{\"connection_id\":\"conn-tok-b\",\"client_type\":\"production\"}")));
        Api.Response created = api.post("/api/v1/connections", key, "{\"provider\":\"finch\",\"name\":\"b\","
                + "\"credentials\":{\"token\":\"tok-b\"}}");
        assertEquals(201, created.status(), created.body());
        ConnectionId connection = new ConnectionId(UUID.fromString(tree(created.body()).get("id").getStringValue()));
        int deliveries = 40;
        for (int i = 0; i < deliveries; i++) {
            String job = "backlog-" + i;
            FINCH.stubFor(WireMock.get("/jobs/automated/" + job)
                    .willReturn(okJson(WebhookCoalescingTest.automatedJob(job, "complete"))));
            // stored as intake stores them, without the wake-up intake gives
            assertTrue(inbox.store(connection, Provider.of("finch"), WebhookSignal.reread("evt-" + UUID.randomUUID(),
                    "job.data_sync_all.completed", "conn-tok-b", List.of(job))));
        }
        assertEquals(deliveries, inbox.depth());

        processor.kick();

        await().atMost(Duration.ofSeconds(60)).until(() -> inbox.depth() == 0);
        assertEquals(deliveries, FINCH.countRequestsMatching(WireMock.getRequestedFor(
                WireMock.urlPathMatching("/jobs/automated/backlog-.*")).build()).getCount(), "each delivery's job read once");
    }
}
