package dev.jobtower.app.sync;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.jobtower.app.support.AppInstance;
import dev.jobtower.app.support.TestDatabase;
import dev.jobtower.domain.job.Provider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances on one database share 500 running jobs: every job is read, none by both in the same
 * round, and when one instance dies holding leases the other takes its jobs over once they expire.
 */
class PollerSharingTest {
    static final WireMockServer FINCH = new WireMockServer(options().dynamicPort().containerThreads(64));

    static {
        FINCH.start();
        FINCH.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching("/jobs/automated/.*"))
                .willReturn(okJson("{\"job_id\":\"x\",\"type\":\"data_sync_all\",\"status\":\"in_progress\","
                        + "\"created_at\":\"2026-03-02T09:14:05Z\",\"completed_at\":null}")));
    }

    @AfterAll
    static void stop() {
        FINCH.stop();
    }

    static Map<String, Long> readsPerJob() {
        return FINCH.findAll(getRequestedFor(urlPathMatching("/jobs/automated/.*"))).stream()
                .collect(Collectors.groupingBy(LoggedRequest::getUrl, Collectors.counting()));
    }

    static double reads(AppInstance app) {
        return app.bean(MeterRegistry.class).find("jobtower.poll.reads").counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void two_instances_share_the_work_and_one_takes_over_when_the_other_dies() {
        Map<String, Object> p = AppInstance.sharedProperties(TestDatabase.freshDatabase());
        p.put("jobtower.finch.base-url", FINCH.baseUrl());
        p.put("jobtower.finch.resilience.rate-limit.limit", 100_000);
        p.put("jobtower.poll.interval", "10m");
        p.put("jobtower.poll.max-interval", "10m");
        p.put("jobtower.poll.batch", 40);
        p.put("jobtower.poll.tick", "50ms");
        p.put("jobtower.poll.initial-delay", "50ms");
        p.put("jobtower.poll.lease", "3s");
        AppInstance a = AppInstance.start(p);
        try (AppInstance b = AppInstance.start(p)) {
            SyncFixture fx = new SyncFixture(a);
            String connection = fx.connect("finch", "tok", null);
            for (int i = 0; i < 500; i++) {
                fx.seed(connection, Provider.of("finch"), "job-" + i);
            }
            FINCH.resetRequests();
            assertEquals(500, fx.makeDue(null));

            await().atMost(Duration.ofSeconds(60)).until(() -> readsPerJob().size() == 500);
            Map<String, Long> reads = readsPerJob();
            assertTrue(reads.values().stream().allMatch(n -> n == 1), "no job read twice in the round: " +
                    reads.entrySet().stream().filter(e -> e.getValue() > 1).toList());
            assertTrue(reads(a) > 0 && reads(b) > 0, "both instances worked: a=" + reads(a) + " b=" + reads(b));

            // a claims a batch and dies holding the leases; b takes those jobs over once the leases end
            FINCH.resetRequests();
            fx.makeDue(null);
            a.bean(Poller.class).stop();
            int held = a.bean(PollQueue.class).claim(100).size();
            assertTrue(held > 0);
            a.close();
            await().atMost(Duration.ofSeconds(60)).until(() -> readsPerJob().size() == 500);
            assertTrue(readsPerJob().values().stream().allMatch(n -> n == 1));
            SyncFixture fromB = new SyncFixture(b);
            await().atMost(Duration.ofSeconds(10)).until(() -> fromB.count("select count(*) from job_poll where lease_owner is not null") == 0);
        } finally {
            a.close();
        }
    }
}
