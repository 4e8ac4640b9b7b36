package dev.jobtower.app.api;

import dev.jobtower.app.jobs.events.JobChangeFeed;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.EventStreamClient;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.query.JobFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stream that cannot keep up is ended after its bounded buffer; a closed stream is forgotten. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobEventsSlowConsumerTest extends JobtowerTest {
    private static final int BUFFER = 16;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;
    @Inject
    JobChangeFeed feed;
    @Inject
    MeterRegistry meters;

    ApiFixture fx;
    ApiFixture.Tenant tenant;
    UUID connection;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.events.buffer", String.valueOf(BUFFER));
    }

    @BeforeAll
    void setUp() {
        fx = new ApiFixture(server.getURL().toString(), json, store);
        tenant = fx.newTenant("slow");
        connection = fx.newConnection(tenant, "anon", "token");
    }

    private double subscribers() {
        return meters.get("jobtower.events.subscribers").gauge().value();
    }

    @Test
    void a_consumer_that_stops_reading_is_ended_after_its_buffer_and_can_resume() {
        List<JobChangeFeed.Signal> received = new CopyOnWriteArrayList<>();
        AtomicBoolean completed = new AtomicBoolean();
        BaseSubscriber<JobChangeFeed.Signal> slow = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(1); // the Start, then nothing until the test asks
            }

            @Override
            protected void hookOnNext(JobChangeFeed.Signal value) {
                received.add(value);
            }

            @Override
            protected void hookOnComplete() {
                completed.set(true);
            }
        };
        feed.subscribe(tenant.tenantId(), JobFilter.none(), null).subscribe(slow);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        assertInstanceOf(JobChangeFeed.Start.class, received.get(0));

        int writes = BUFFER + 10;
        for (int i = 0; i < writes; i++) {
            store.record(tenant.tenantId(), new ConnectionId(connection), Provider.of("anon"),
                    VendorJob.builder("slow-" + i).type("job").status(JobStatus.RUNNING).build(),
                    Source.POLL, Instant.now(), true);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> subscribers() == 0);  // dropped by the feed

        slow.request(Long.MAX_VALUE);
        await().atMost(Duration.ofSeconds(5)).until(completed::get);
        List<JobChangeFeed.Change> changes = received.stream().skip(1).map(JobChangeFeed.Change.class::cast).toList();
        assertEquals(BUFFER, changes.size(), "what was buffered is delivered, then the stream ends");
        long lastSeen = changes.get(changes.size() - 1).change().seq();

        // the client resumes from its last id and misses nothing
        EventStreamClient resumed = EventStreamClient.open(server.getURL().toString(), "/api/v1/jobs/events",
                tenant.apiKey(), Map.of("Last-Event-ID", Long.toString(lastSeen)));
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> resumed.events.size() == writes - BUFFER);
            assertTrue(resumed.events.stream().allMatch(e -> Long.parseLong(e.id()) > lastSeen));
        } finally {
            resumed.close();
        }
    }

    @Test
    void a_closed_stream_is_forgotten() {
        EventStreamClient s = EventStreamClient.open(server.getURL().toString(), "/api/v1/jobs/events",
                tenant.apiKey(), Map.of());
        await().atMost(Duration.ofSeconds(5)).until(s::live);
        assertEquals(1, subscribers());
        s.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> subscribers() == 0);
    }
}
