package dev.jobtower.app.api;

import dev.jobtower.app.jobs.events.JobChangeFeed;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.EventStreamClient;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.query.JobFilter;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event stream's limits (API.md "Limits and fairness"): a cap of open streams per key, a revoked
 * key's streams ending within 5 s, a slow stream holding back nobody else; and what a resumed stream
 * really guarantees: every job changed while away, once, at its latest state.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStreamLimitsTest extends JobtowerTest {
    private static final int MAX_STREAMS = 2;
    private static final int BUFFER = 64;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;
    @Inject
    JobChangeFeed feed;

    ApiFixture fx;
    final List<EventStreamClient> open = new ArrayList<>();

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.events.max-streams-per-key", Integer.toString(MAX_STREAMS),
                "jobtower.events.buffer", Integer.toString(BUFFER));
    }

    @BeforeAll
    void setUp() {
        fx = new ApiFixture(server.getURL().toString(), json, store);
    }

    @AfterEach
    void closeStreams() {
        open.forEach(EventStreamClient::close);
        open.clear();
    }

    private EventStreamClient stream(String apiKey, Map<String, String> headers) {
        EventStreamClient s = EventStreamClient.open(server.getURL().toString(), "/api/v1/jobs/events", apiKey, headers);
        open.add(s);
        return s;
    }

    private EventStreamClient liveStream(String apiKey, Map<String, String> headers) {
        EventStreamClient s = stream(apiKey, headers);
        assertEquals(200, s.status, s.body);
        await().atMost(Duration.ofSeconds(5)).until(s::live);
        return s;
    }

    private Job write(ApiFixture.Tenant tenant, UUID connection, String externalId, JobStatus status) {
        return store.record(tenant.tenantId(), new ConnectionId(connection), Provider.of("finch"),
                VendorJob.builder(externalId).type("data_sync_all").name("Job " + externalId).status(status)
                        .vendorStatus(status.name().toLowerCase()).createdAt(Instant.parse("2026-03-02T09:00:00Z")).build(),
                Source.POLL, Instant.now(), true).job();
    }

    private String mintKey(ApiFixture.Tenant tenant) {
        Api.Response r = fx.api.post("/admin/tenants/" + tenant.id() + "/keys", JobtowerTest.ADMIN_TOKEN, null);
        assertEquals(201, r.status(), r.body());
        return fx.tree(r.body()).get("apiKey").getStringValue();
    }

    @Test
    void a_key_holds_at_most_its_cap_of_open_streams_and_a_closed_one_frees_its_place() {
        ApiFixture.Tenant t = fx.newTenant("stream-cap");
        EventStreamClient first = liveStream(t.apiKey(), Map.of());
        liveStream(t.apiKey(), Map.of());

        EventStreamClient third = stream(t.apiKey(), Map.of());
        assertEquals(429, third.status, third.body);
        assertTrue(third.contentType.startsWith("application/problem+json"), third.contentType);
        JsonNode problem = fx.tree(third.body);
        assertEquals("https://jobtower.dev/problems/rate-limited", problem.get("type").getStringValue());
        assertTrue(problem.get("detail").getStringValue().contains("at most " + MAX_STREAMS + " event streams"), third.body);
        assertEquals(429, stream(t.apiKey(), Map.of()).status, "a refused stream takes no place");

        liveStream(mintKey(t), Map.of()); // the cap is per key: another key of the tenant has its own

        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            EventStreamClient retry = stream(t.apiKey(), Map.of());
            return retry.status == 200;
        });
    }

    @Test
    void a_revoked_keys_open_streams_end_within_five_seconds() {
        ApiFixture.Tenant t = fx.newTenant("stream-revoke");
        UUID connection = fx.newConnection(t, "finch", "tok");
        Api.Response minted = fx.api.post("/admin/tenants/" + t.id() + "/keys", JobtowerTest.ADMIN_TOKEN, null);
        String doomed = fx.tree(minted.body()).get("apiKey").getStringValue();
        String keyId = fx.tree(minted.body()).get("keyId").getStringValue();
        EventStreamClient a = liveStream(doomed, Map.of());
        EventStreamClient b = liveStream(doomed, Map.of("Last-Event-ID", "0"));
        EventStreamClient kept = liveStream(t.apiKey(), Map.of());

        assertEquals(204, fx.api.send("DELETE", "/admin/tenants/" + t.id() + "/keys/" + keyId,
                JobtowerTest.ADMIN_TOKEN, null, Map.of()).status());
        await().atMost(Duration.ofSeconds(5)).until(() -> a.ended() && b.ended());
        assertEquals(401, stream(doomed, Map.of()).status, "and the key opens no new one");

        Job after = write(t, connection, "after-revoke", JobStatus.RUNNING);
        await().atMost(Duration.ofSeconds(3)).until(() -> !kept.mentioning(after.id().toString()).isEmpty());
        assertTrue(!kept.ended(), "the tenant's other key keeps its stream");
    }

    @Test
    void a_slow_stream_holds_back_nobody_else() {
        ApiFixture.Tenant t = fx.newTenant("stream-slow");
        UUID connection = fx.newConnection(t, "finch", "tok");
        List<JobChangeFeed.Signal> slowGot = new CopyOnWriteArrayList<>();
        BaseSubscriber<JobChangeFeed.Signal> slow = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(1); // the Start, then it reads nothing more
            }

            @Override
            protected void hookOnNext(JobChangeFeed.Signal value) {
                slowGot.add(value);
            }
        };
        feed.subscribe(t.tenantId(), JobFilter.none(), null).subscribe(slow);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> slowGot.size() == 1);
            EventStreamClient fast = liveStream(t.apiKey(), Map.of());
            int writes = BUFFER / 2; // within the slow stream's own buffer: it is not dropped, only behind
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < writes; i++) {
                jobs.add(write(t, connection, "slow-other-" + i, JobStatus.RUNNING));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> fast.events.size() == writes);
            assertEquals(1, slowGot.size(), "the slow one read nothing meanwhile, and still has its changes buffered");
            slow.request(writes);
            await().atMost(Duration.ofSeconds(5)).until(() -> slowGot.size() == writes + 1);
        } finally {
            slow.dispose();
        }
    }

    @Test
    void a_resumed_stream_sends_each_job_changed_while_away_once_at_its_latest_state() {
        ApiFixture.Tenant t = fx.newTenant("stream-resume");
        UUID connection = fx.newConnection(t, "finch", "tok");
        EventStreamClient first = liveStream(t.apiKey(), Map.of());
        Job seen = write(t, connection, "resume-seen", JobStatus.QUEUED);
        await().atMost(Duration.ofSeconds(3)).until(() -> !first.mentioning(seen.id().toString()).isEmpty());
        String lastId = first.events.get(first.events.size() - 1).id();
        first.close();

        // while away: one job changes three times, another once
        write(t, connection, "resume-seen", JobStatus.RUNNING);
        Job busy = write(t, connection, "resume-busy", JobStatus.QUEUED);
        write(t, connection, "resume-busy", JobStatus.RUNNING);
        write(t, connection, "resume-seen", JobStatus.SUCCEEDED);
        write(t, connection, "resume-busy", JobStatus.FAILED);

        EventStreamClient again = liveStream(t.apiKey(), Map.of("Last-Event-ID", lastId));
        await().atMost(Duration.ofSeconds(3)).until(() -> !again.mentioning(busy.id().toString()).isEmpty()
                && !again.mentioning(seen.id().toString()).isEmpty());
        List<EventStreamClient.Event> ofBusy = again.mentioning(busy.id().toString());
        List<EventStreamClient.Event> ofSeen = again.mentioning(seen.id().toString());
        assertEquals(1, ofBusy.size(), "once, not once per change: " + ofBusy);
        assertEquals(1, ofSeen.size(), "once, not once per change: " + ofSeen);
        assertEquals("FAILED", fx.tree(ofBusy.get(0).data()).get("status").getStringValue(), "at its latest state");
        assertEquals("SUCCEEDED", fx.tree(ofSeen.get(0).data()).get("status").getStringValue());
        assertTrue(Long.parseLong(ofBusy.get(0).id()) > Long.parseLong(ofSeen.get(0).id())
                        && again.events.indexOf(ofSeen.get(0)) < again.events.indexOf(ofBusy.get(0)),
                "in the order of each job's last change (seen's SUCCEEDED came before busy's FAILED)");
        assertEquals(2, again.events.size(), "nothing else: " + again.events);
    }
}
