package dev.jobtower.app.notifications;

import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.support.TestTls;
import dev.jobtower.domain.job.JobStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * When a delivery round cannot take every due message, tenants take turns: a tenant with one new message
 * is served in the next round although another tenant has a backlog of older ones.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookTenantTurnsTest extends JobtowerTest {
    static final Receiver RECEIVER = new Receiver();

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;
    @Inject
    WebhookDispatcher dispatcher;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.webhooks.allow-private", "true",
                "jobtower.notifications.worker.enabled", "false",
                "jobtower.notifications.batch", "4",
                "jobtower.notifications.trust-store", TestTls.truststore().toString(),
                "jobtower.notifications.trust-store-password", TestTls.PASSWORD);
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    @Test
    void a_tenant_with_one_message_is_served_beside_another_tenants_backlog() throws Exception {
        RECEIVER.server.stubFor(post(urlEqualTo("/busy-a")).willReturn(aResponse().withStatus(200)));
        RECEIVER.server.stubFor(post(urlEqualTo("/busy-b")).willReturn(aResponse().withStatus(200)));
        RECEIVER.server.stubFor(post(urlEqualTo("/quiet")).willReturn(aResponse().withStatus(200)));
        Api api = new Api(server.getURL().toString());
        NotificationsFixture busy = new NotificationsFixture(api, json, store);
        NotificationsFixture quiet = new NotificationsFixture(api, json, store);
        busy.endpoint(RECEIVER.url("/busy-a"), null);
        busy.endpoint(RECEIVER.url("/busy-b"), null);
        NotificationsFixture.Endpoint endpoint = quiet.endpoint(RECEIVER.url("/quiet"), null);
        for (int i = 0; i < 10; i++) {
            busy.change("busy-" + i, JobStatus.RUNNING, null);
        }
        quiet.change("quiet-1", JobStatus.RUNNING, null);

        WebhookDispatcher.Round round = dispatcher.deliverDue();
        round.done().join();

        assertEquals(4, round.claimed());
        assertEquals(1, RECEIVER.requests("/quiet").size(), "the quiet tenant's message went in the first round");
        Receiver.verify(RECEIVER.requests("/quiet").get(0), endpoint.secret());
        assertEquals(3, RECEIVER.requests("/busy-a").size() + RECEIVER.requests("/busy-b").size());
    }
}
