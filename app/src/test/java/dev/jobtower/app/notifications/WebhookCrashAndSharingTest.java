package dev.jobtower.app.notifications;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.jobtower.app.db.Database;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.AppInstance;
import dev.jobtower.app.support.TestDatabase;
import dev.jobtower.app.support.TestTls;
import dev.jobtower.domain.job.JobStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole instances on one database: one stops between job changes and their delivery, another in the
 * middle of deliveries (leases taken, answers not stored); the next instance delivers every message.
 * Two instances share 1 000 changes × 3 endpoints: everything delivered once, never by both.
 */
class WebhookCrashAndSharingTest {
    static final Receiver RECEIVER = new Receiver();

    @AfterAll
    static void stop() {
        RECEIVER.stop();
    }

    static Map<String, Object> properties(String jdbcUrl) {
        Map<String, Object> p = AppInstance.sharedProperties(jdbcUrl);
        p.put("jobtower.poll.enabled", false);
        p.put("jobtower.webhooks.allow-private", true);
        p.put("jobtower.notifications.trust-store", TestTls.truststore().toString());
        p.put("jobtower.notifications.trust-store-password", TestTls.PASSWORD);
        p.put("jobtower.notifications.tick", "100ms");
        return p;
    }

    static NotificationsFixture fixture(AppInstance app) {
        return new NotificationsFixture(app.api(), app.bean(JsonMapper.class), app.bean(PostgresJobStore.class));
    }

    static long count(AppInstance app, String sql) {
        return app.bean(Database.class).read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static Set<String> messageIds(AppInstance app, String endpointId) {
        return app.bean(Database.class).read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select id::text from webhook_message where endpoint_id = ?::uuid")) {
                ps.setString(1, endpointId);
                Set<String> ids = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    @Test
    void messages_written_before_a_stop_are_delivered_by_the_next_instance() throws Exception {
        String path = "/after-stop";
        RECEIVER.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        Map<String, Object> p = properties(TestDatabase.freshDatabase());
        Map<String, Object> silent = new HashMap<>(p);
        silent.put("jobtower.notifications.worker.enabled", false); // stores changes, never delivers

        AppInstance first = AppInstance.start(silent);
        NotificationsFixture fx = fixture(first);
        NotificationsFixture.Endpoint endpoint = fx.endpoint(RECEIVER.url(path), null);
        for (int i = 0; i < 30; i++) {
            fx.change("stop-" + i, JobStatus.RUNNING, null);
        }
        Set<String> written = messageIds(first, endpoint.id());
        assertEquals(30, written.size());
        first.close();

        try (AppInstance second = AppInstance.start(p)) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    count(second, "select count(*) from webhook_message where status = 'succeeded'") == 30);
        }
        Set<String> received = new HashSet<>();
        for (LoggedRequest r : RECEIVER.requests(path)) {
            Receiver.verify(r, endpoint.secret());
            received.add(r.getHeader("webhook-id"));
        }
        assertEquals(written, received);
    }

    @Test
    void deliveries_cut_off_mid_flight_are_sent_again_after_the_lease() throws Exception {
        String path = "/mid-flight";
        RECEIVER.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withFixedDelay(8_000)));
        Map<String, Object> p = properties(TestDatabase.freshDatabase());
        p.put("jobtower.notifications.timeout", "30s");
        Map<String, Object> next = new HashMap<>(p);
        next.put("jobtower.notifications.timeout", "2s"); // the lease is twice the timeout: 4 s

        AppInstance first = AppInstance.start(p);
        NotificationsFixture fx = fixture(first);
        NotificationsFixture.Endpoint endpoint = fx.endpoint(RECEIVER.url(path), null);
        for (int i = 0; i < 5; i++) {
            fx.change("flight-" + i, JobStatus.RUNNING, null);
        }
        Set<String> written = messageIds(first, endpoint.id());
        // every message claimed and sent, no answer yet: the instance goes away
        await().atMost(Duration.ofSeconds(20)).until(() ->
                count(first, "select count(*) from webhook_message where lease_owner is not null") == 5);
        // shorten the leases the first instance took (60 s) so the test need not wait for them
        first.bean(Database.class).write(c -> c.prepareStatement(
                "update webhook_message set lease_until = now() + interval '2 seconds'").executeUpdate());
        first.close();
        RECEIVER.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));

        try (AppInstance second = AppInstance.start(next)) {
            await().atMost(Duration.ofSeconds(40)).until(() ->
                    count(second, "select count(*) from webhook_message where status = 'succeeded'") == 5);
            assertEquals(0, count(second, "select count(*) from webhook_message where lease_owner is not null"));
        }
        Set<String> received = new HashSet<>();
        for (LoggedRequest r : RECEIVER.requests(path)) {
            Receiver.verify(r, endpoint.secret());
            received.add(r.getHeader("webhook-id"));
        }
        assertEquals(written, received, "every message at least once");
    }

    @Test
    void two_instances_deliver_1000_changes_to_3_endpoints_each_message_once() throws Exception {
        List<String> paths = List.of("/shared-a", "/shared-b", "/shared-c");
        for (String path : paths) {
            RECEIVER.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        }
        Map<String, Object> p = properties(TestDatabase.freshDatabase());
        try (AppInstance a = AppInstance.start(p); AppInstance b = AppInstance.start(p)) {
            NotificationsFixture fx = fixture(a);
            Map<String, NotificationsFixture.Endpoint> endpoints = new HashMap<>();
            for (String path : paths) {
                endpoints.put(path, fx.endpoint(RECEIVER.url(path), null));
            }
            for (int i = 0; i < 500; i++) {
                fx.change("shared-" + i, JobStatus.RUNNING, null);
                fx.change("shared-" + i, JobStatus.SUCCEEDED, null);
            }
            assertEquals(3000, count(a, "select count(*) from webhook_message"));
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    count(a, "select count(*) from webhook_message where status = 'succeeded'") == 3000);
            for (String path : paths) {
                List<LoggedRequest> requests = RECEIVER.requests(path);
                Set<String> ids = new HashSet<>();
                for (LoggedRequest r : requests) {
                    Receiver.verify(r, endpoints.get(path).secret());
                    ids.add(r.getHeader("webhook-id"));
                }
                assertEquals(1000, ids.size(), path);
                assertEquals(1000, requests.size(), path + ": no message sent twice");
            }
            assertEquals(3000, count(a, "select count(*) from webhook_attempt"));
            double byA = a.bean(MeterRegistry.class).counter("jobtower.notifications.attempts", "outcome", "success").count();
            double byB = b.bean(MeterRegistry.class).counter("jobtower.notifications.attempts", "outcome", "success").count();
            assertEquals(3000.0, byA + byB);
            assertTrue(byA > 0 && byB > 0, "both instances delivered: " + byA + " / " + byB);
        }
    }
}
