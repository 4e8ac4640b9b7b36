package dev.jobtower.app.notifications;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The retry schedule of API.md, as a table: failed attempts so far → wait, with no jitter and with the most. */
class RetryScheduleTest {
    @ParameterizedTest(name = "after {0} failed attempts: {1} (+20 % jitter at most: {2})")
    @CsvSource({
            "1, PT5S, PT6S",
            "2, PT5M, PT6M",
            "3, PT30M, PT36M",
            "4, PT2H, PT2H24M",
            "5, PT5H, PT6H",
            "6, PT10H, PT12H",
            "7, PT10H, PT12H",
    })
    void waits(int failed, Duration least, Duration most) {
        assertEquals(Optional.of(least), new RetrySchedule(() -> 0.0).next(failed, null));
        assertEquals(Optional.of(most), new RetrySchedule(() -> 1.0).next(failed, null));
    }

    @ParameterizedTest(name = "after {0} failed attempts the message has failed")
    @CsvSource({"8", "9", "0"})
    void gives_up_after_eight_attempts(int failed) {
        assertEquals(Optional.empty(), new RetrySchedule(() -> 0.5).next(failed, Duration.ofSeconds(1)));
    }

    @ParameterizedTest(name = "after {0} failed attempts, Retry-After {1}: {2}")
    @CsvSource({
            "1, PT7S, PT7S",       // longer than the schedule: honoured
            "1, PT1S, PT5S",       // shorter: never sooner than the schedule
            "2, PT1H, PT1H",
            "1, PT48H, PT10H",     // capped
    })
    void retry_after_is_honoured(int failed, Duration retryAfter, Duration expected) {
        assertEquals(Optional.of(expected), new RetrySchedule(() -> 0.0).next(failed, retryAfter));
    }
}
