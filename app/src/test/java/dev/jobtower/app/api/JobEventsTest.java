package dev.jobtower.app.api;

import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.EventStreamClient;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.VendorJob;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/v1/jobs/events: live delivery, resume with Last-Event-ID, tenant scope, filters, commit order. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobEventsTest extends JobtowerTest {
    private static final Duration DELIVERY = Duration.ofSeconds(2);

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;
    @Value("${jobtower.db.url}")
    String dbUrl;

    ApiFixture fx;
    ApiFixture.Tenant a;
    ApiFixture.Tenant b;
    UUID aConnection;
    UUID bConnection;
    final List<EventStreamClient> open = new ArrayList<>();

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.events.heartbeat", "300ms");
    }

    @BeforeAll
    void setUp() {
        fx = new ApiFixture(server.getURL().toString(), json, store);
        a = fx.newTenant("events-a");
        b = fx.newTenant("events-b");
        aConnection = fx.newConnection(a, "finch", "token-a");
        bConnection = fx.newConnection(b, "finch", "token-b");
    }

    @AfterEach
    void closeStreams() {
        open.forEach(EventStreamClient::close);
        open.clear();
    }

    private EventStreamClient stream(ApiFixture.Tenant tenant, String query, Map<String, String> headers) {
        EventStreamClient s = EventStreamClient.open(server.getURL().toString(), "/api/v1/jobs/events" + query,
                tenant.apiKey(), headers);
        open.add(s);
        return s;
    }

    private EventStreamClient liveStream(ApiFixture.Tenant tenant, String query, Map<String, String> headers) {
        EventStreamClient s = stream(tenant, query, headers);
        assertEquals(200, s.status, s.body);
        assertTrue(s.contentType.startsWith("text/event-stream"), s.contentType);
        await().atMost(Duration.ofSeconds(5)).until(s::live);
        return s;
    }

    private Job write(ApiFixture.Tenant tenant, UUID connection, String externalId, JobStatus status) {
        return store.record(tenant.tenantId(), new ConnectionId(connection), Provider.of("finch"),
                VendorJob.builder(externalId).type("data_sync_all").name("Job " + externalId).status(status)
                        .vendorStatus(status.name().toLowerCase()).createdAt(Instant.parse("2026-03-02T09:00:00Z"))
                        .build(),
                Source.POLL, Instant.now(), true).job();
    }

    private List<EventStreamClient.Event> eventsOf(EventStreamClient s, Job job) {
        return s.mentioning(job.id().toString());
    }

    private JsonNode data(EventStreamClient.Event e) {
        return fx.tree(e.data());
    }

    @Test
    void delivers_a_change_within_two_seconds_of_it_being_stored() {
        EventStreamClient s = liveStream(a, "", Map.of());
        Job job = write(a, aConnection, "live-1", JobStatus.RUNNING);
        await().atMost(DELIVERY).until(() -> !eventsOf(s, job).isEmpty());
        EventStreamClient.Event e = eventsOf(s, job).get(0);
        assertEquals("job", e.name());
        assertTrue(e.id().matches("\\d+"), e.id());
        JsonNode summary = data(e);
        assertEquals("RUNNING", summary.get("status").getStringValue());
        assertEquals("live-1", summary.get("externalId").getStringValue());
        assertEquals("finch", summary.get("provider").getStringValue());
        assertNull(summary.get("steps"), "a summary, as in the list");

        write(a, aConnection, "live-1", JobStatus.SUCCEEDED);
        await().atMost(DELIVERY).until(() -> eventsOf(s, job).size() == 2);
        EventStreamClient.Event second = eventsOf(s, job).get(1);
        assertEquals("SUCCEEDED", data(second).get("status").getStringValue());
        assertTrue(Long.parseLong(second.id()) > Long.parseLong(e.id()), "ids grow");
    }

    @Test
    void sends_heartbeat_comments() {
        EventStreamClient s = liveStream(a, "", Map.of());
        await().atMost(Duration.ofSeconds(3)).until(() -> s.comments.contains("heartbeat"));
    }

    @Test
    void resumes_with_last_event_id_without_losing_a_change_made_while_disconnected() {
        EventStreamClient first = liveStream(a, "", Map.of());
        Job one = write(a, aConnection, "resume-1", JobStatus.RUNNING);
        await().atMost(DELIVERY).until(() -> !eventsOf(first, one).isEmpty());
        String lastId = first.events.get(first.events.size() - 1).id();
        first.close();

        Job two = write(a, aConnection, "resume-2", JobStatus.QUEUED);   // while nobody listens
        write(a, aConnection, "resume-1", JobStatus.FAILED);

        EventStreamClient again = liveStream(a, "", Map.of("Last-Event-ID", lastId));
        await().atMost(DELIVERY).until(() -> !eventsOf(again, two).isEmpty() && !eventsOf(again, one).isEmpty());
        assertEquals("FAILED", data(eventsOf(again, one).get(0)).get("status").getStringValue());
        assertTrue(again.events.stream().allMatch(e -> Long.parseLong(e.id()) > Long.parseLong(lastId)),
                "nothing already seen comes again");
        List<Long> ids = again.events.stream().map(e -> Long.parseLong(e.id())).toList();
        assertEquals(ids.stream().sorted().toList(), ids, "in change order");

        Job three = write(a, aConnection, "resume-3", JobStatus.RUNNING);  // and then live again
        await().atMost(DELIVERY).until(() -> !eventsOf(again, three).isEmpty());
    }

    @Test
    void a_tenants_stream_never_carries_another_tenants_job() {
        EventStreamClient streamA = liveStream(a, "", Map.of());
        EventStreamClient streamB = liveStream(b, "", Map.of());
        Job ofB = write(b, bConnection, "tenant-b-job", JobStatus.RUNNING);
        Job ofA = write(a, aConnection, "tenant-a-job", JobStatus.RUNNING);
        await().atMost(DELIVERY).until(() -> !eventsOf(streamA, ofA).isEmpty() && !eventsOf(streamB, ofB).isEmpty());
        assertTrue(eventsOf(streamA, ofB).isEmpty() && streamA.mentioning("tenant-b-job").isEmpty(),
                "changes go out in change order, so B's (earlier) change would have come before A's");
        assertTrue(streamB.mentioning("tenant-a-job").isEmpty());

        // nor when resuming from the very beginning (the backlog is read from the table)
        EventStreamClient resumed = liveStream(a, "", Map.of("Last-Event-ID", "0"));
        await().atMost(DELIVERY).until(() -> !eventsOf(resumed, ofA).isEmpty());
        assertTrue(resumed.mentioning("tenant-b-job").isEmpty());
        assertTrue(resumed.events.stream().allMatch(e -> data(e).get("connectionId").getStringValue()
                .equals(aConnection.toString())));
    }

    @Test
    void applies_the_lists_filters() {
        EventStreamClient failed = liveStream(a, "?status=FAILED", Map.of());
        EventStreamClient searched = liveStream(a, "?q=FILTER-FAILED&provider=finch", Map.of());
        Job running = write(a, aConnection, "filter-running", JobStatus.RUNNING);
        Job broken = write(a, aConnection, "filter-failed", JobStatus.FAILED);
        await().atMost(DELIVERY).until(() -> !eventsOf(failed, broken).isEmpty() && !eventsOf(searched, broken).isEmpty());
        assertTrue(eventsOf(failed, running).isEmpty(), "the RUNNING job (an earlier change) was filtered out");
        assertTrue(eventsOf(searched, running).isEmpty());
        assertTrue(failed.events.stream().allMatch(e -> data(e).get("status").getStringValue().equals("FAILED")));

        EventStreamClient resumed = liveStream(a, "?status=FAILED", Map.of("Last-Event-ID", "0"));
        await().atMost(DELIVERY).until(() -> !eventsOf(resumed, broken).isEmpty());
        assertTrue(eventsOf(resumed, running).isEmpty());
        assertTrue(resumed.events.stream().allMatch(e -> data(e).get("status").getStringValue().equals("FAILED")));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lock wait must fail, not hang
    void a_change_committed_late_with_a_lower_number_is_not_overtaken() throws SQLException {
        Job slow = write(a, aConnection, "order-slow", JobStatus.RUNNING);
        EventStreamClient s = liveStream(a, "", Map.of());
        try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "")) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "update job set vendor_status = 'late', change_seq = nextval('job_change_seq') where id = ?")) {
                ps.setObject(1, slow.id().value());
                // takes its change number now, commits later (no status change: that would lock the
                // job_count row the next write needs too, and serialise the two)
                assertEquals(1, ps.executeUpdate());
            }
            Job fast = write(a, aConnection, "order-fast", JobStatus.RUNNING);  // a higher number, committed first
            await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3))
                    .until(() -> eventsOf(s, fast).isEmpty());
            c.commit();
            await().atMost(DELIVERY).until(() -> !eventsOf(s, fast).isEmpty() && eventsOf(s, slow).size() == 1);
            EventStreamClient.Event slowEvent = eventsOf(s, slow).get(0);
            EventStreamClient.Event fastEvent = eventsOf(s, fast).get(0);
            assertEquals("late", data(slowEvent).get("vendorStatus").getStringValue());
            assertTrue(s.events.indexOf(slowEvent) < s.events.indexOf(fastEvent), "sent in change order");
            assertTrue(Long.parseLong(slowEvent.id()) < Long.parseLong(fastEvent.id()));
        }
    }

    @Test
    void bad_requests_are_problems() {
        EventStreamClient noKey = EventStreamClient.open(server.getURL().toString(), "/api/v1/jobs/events", null, Map.of());
        assertEquals(401, noKey.status);
        assertTrue(noKey.contentType.startsWith("application/problem+json"), noKey.contentType);

        EventStreamClient badId = stream(a, "", Map.of("Last-Event-ID", "abc"));
        assertEquals(400, badId.status);
        assertTrue(badId.body.contains("Last-Event-ID"), badId.body);

        EventStreamClient badFilter = stream(a, "?status=DONE&limit=5", Map.of());
        assertEquals(400, badFilter.status);
        assertTrue(badFilter.body.contains("\"status\"") && badFilter.body.contains("\"limit\""), badFilter.body);
    }

    @Test
    void a_json_accept_header_still_gets_the_stream() {
        EventStreamClient s = stream(a, "", Map.of("Accept", "application/json"));
        assertEquals(200, s.status, s.body);
        assertTrue(s.contentType.startsWith("text/event-stream"), s.contentType);
        await().atMost(Duration.ofSeconds(5)).until(s::live);
    }
}
