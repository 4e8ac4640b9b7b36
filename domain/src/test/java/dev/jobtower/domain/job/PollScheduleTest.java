package dev.jobtower.domain.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The poll schedule, as a table: interval 5 s, doubling, capped at 60 s, refused reads due again after 1 s. */
class PollScheduleTest {
    static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
    static final PollSchedule SCHEDULE = new PollSchedule(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(1));

    /** event, status, scheduledAt (s from now), current wait (s), current next read (s), next read (s; - never), next wait (s). */
    @ParameterizedTest(name = "{0} {1} scheduled {2}, wait {3}, due {4} -> due {5}, wait {6}")
    @CsvSource(nullValues = "-", value = {
            // stored or changed: the first interval, whatever the wait was
            "change,    RUNNING,   -,   -,  -,   5,  5",
            "change,    RUNNING,   -,   40, -,   5,  5",
            "change,    QUEUED,    2,   -,  -,   5,  5",
            // a future scheduledAt is waited for
            "change,    QUEUED,    30,  -,  -,   30, 5",
            // terminal: never read again
            "change,    SUCCEEDED, -,   -,  -,   -,  5",
            "change,    CANCELLED, 30,  -,  -,   -,  5",
            // a poll that found nothing new doubles the wait, up to the cap
            "unchanged, RUNNING,   -,   5,  -,   10, 10",
            "unchanged, RUNNING,   -,   10, -,   20, 20",
            "unchanged, RUNNING,   -,   40, -,   60, 60",
            "unchanged, RUNNING,   -,   60, -,   60, 60",
            // no wait yet, or one below the (raised) interval: doubles from the interval
            "unchanged, RUNNING,   -,   -,  -,   10, 10",
            "unchanged, RUNNING,   -,   3,  -,   10, 10",
            "unchanged, QUEUED,    100, 5,  -,   100, 10",
            "unchanged, QUEUED,    7,   5,  -,   10, 10",
            "unchanged, FAILED,    -,   5,  -,   -,  10",
            // a failed read: the same doubling, scheduledAt waited for, never for a finished job
            "failed,    RUNNING,   -,   5,  -,   10, 10",
            "failed,    RUNNING,   -,   40, -,   60, 60",
            "failed,    WAITING,   100, 20, -,   100, 40",
            "failed,    SUCCEEDED, -,   20, -,   -,  40",
            // refused by Jobtower itself: due again after refused-retry, the wait unchanged
            "refused,   RUNNING,   -,   20, 0,   1,  20",
            "refused,   RUNNING,   -,   20, -10, 1,  20",
            // something rescheduled it later meanwhile (a webhook changed it): that stays
            "refused,   RUNNING,   -,   5,  50,  50, 5",
            "refused,   RUNNING,   -,   5,  -,   1,  5",
            "refused,   SUCCEEDED, -,   5,  0,   -,  5",
    })
    void schedules(String event, JobStatus status, Integer scheduledAt, Integer wait, Integer due, Integer nextAt,
                   int nextWait) {
        Duration backoff = seconds(wait);
        PollSchedule.Next next = switch (event) {
            case "change" -> SCHEDULE.afterChange(status, at(scheduledAt), T);
            case "unchanged" -> SCHEDULE.afterUnchangedPoll(status, at(scheduledAt), backoff, T);
            case "failed" -> SCHEDULE.afterFailedRead(status, at(scheduledAt), backoff, T);
            case "refused" -> SCHEDULE.afterRefusedRead(status, new PollSchedule.Next(at(due), backoff), T);
            default -> throw new IllegalArgumentException(event);
        };
        assertEquals(at(nextAt), next.at());
        assertEquals(nextAt != null, next.polled());
        assertEquals(Duration.ofSeconds(nextWait), next.backoff());
    }

    @Test
    void repeated_unchanged_polls_double_up_to_the_cap() {
        Duration wait = SCHEDULE.afterChange(JobStatus.RUNNING, null, T).backoff();
        StringBuilder waits = new StringBuilder().append(wait.toSeconds());
        for (int i = 0; i < 6; i++) {
            wait = SCHEDULE.afterUnchangedPoll(JobStatus.RUNNING, null, wait, T).backoff();
            waits.append(' ').append(wait.toSeconds());
        }
        assertEquals("5 10 20 40 60 60 60", waits.toString());
    }

    @Test
    void settings_are_made_consistent() {
        PollSchedule odd = new PollSchedule(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(-1));
        assertEquals(Duration.ofSeconds(5), odd.maxInterval());
        assertEquals(Duration.ZERO, odd.refusedRetry());
        assertThrows(IllegalArgumentException.class, () -> new PollSchedule(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO));
    }

    // --- what recording one copy does to the schedule ---

    static Job stored(JobStatus status) {
        return Job.firstSeen(new JobId(UUID.randomUUID()), new TenantId(UUID.randomUUID()),
                new ConnectionId(UUID.randomUUID()), Provider.of("finch"), copy(status), new Read(Source.TRACK, T, T, true)).job();
    }

    static VendorJob copy(JobStatus status) {
        return VendorJob.builder("ext").type("t").status(status).build();
    }

    static Optional<PollSchedule.Next> afterRecording(Job.Observation o, int waitSeconds) {
        return SCHEDULE.after(o, Duration.ofSeconds(waitSeconds));
    }

    /** source, stored status, copy status, next read (s after the read; - never; x schedule left as is), next wait. */
    @ParameterizedTest(name = "{0}: {1} then {2} -> due {3}, wait {4}")
    @CsvSource(nullValues = "-", value = {
            // a change, whatever made Jobtower read it, starts over at the first interval
            "POLL,    RUNNING, FAILED,  -, 5",
            "WEBHOOK, RUNNING, WAITING, 5, 5",
            "REFRESH, QUEUED,  RUNNING, 5, 5",
            // nothing new: a poll backs off, any other read leaves the schedule alone
            "POLL,    RUNNING, RUNNING, 40, 40",
            "WEBHOOK, RUNNING, RUNNING, x, 0",
            "REFRESH, RUNNING, RUNNING, x, 0",
            "DISCOVER, RUNNING, RUNNING, x, 0",
            // a poll of a finished job (terminal kept): never again
            "POLL,    SUCCEEDED, RUNNING, -, 40",
    })
    void recording_a_copy(Source source, JobStatus storedStatus, JobStatus copyStatus, String nextAt, int nextWait) {
        Instant readAt = T.plusSeconds(100);
        Job.Observation o = stored(storedStatus).observe(copy(copyStatus), new Read(source, readAt, readAt, true));
        Optional<PollSchedule.Next> next = afterRecording(o, 20);
        if ("x".equals(nextAt)) {
            assertFalse(next.isPresent(), "the schedule is left as it is");
            return;
        }
        assertEquals(nextAt == null ? null : readAt.plusSeconds(Integer.parseInt(nextAt)), next.orElseThrow().at());
        assertEquals(Duration.ofSeconds(nextWait), next.orElseThrow().backoff());
    }

    @Test
    void a_new_job_is_read_after_the_first_interval_or_its_scheduled_start() {
        Job.Observation first = Job.firstSeen(new JobId(UUID.randomUUID()), new TenantId(UUID.randomUUID()),
                new ConnectionId(UUID.randomUUID()), Provider.of("finch"),
                VendorJob.builder("ext").status(JobStatus.QUEUED).scheduledAt(T.plusSeconds(3600)).build(),
                new Read(Source.CREATE, T, T, false));
        assertEquals(new PollSchedule.Next(T.plusSeconds(3600), Duration.ofSeconds(5)), afterRecording(first, 20).orElseThrow());
    }

    static Instant at(Integer seconds) {
        return seconds == null ? null : T.plusSeconds(seconds);
    }

    static Duration seconds(Integer seconds) {
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }
}
