package dev.jobtower.domain.analytics;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IntervalTest {
    @Test
    void counts_the_buckets_covering_a_window() {
        Instant t = Instant.parse("2026-03-02T09:30:00Z");
        assertEquals(1, Interval.HOUR.bucketCount(t, t));
        assertEquals(1, Interval.HOUR.bucketCount(t, Instant.parse("2026-03-02T10:00:00Z")));
        assertEquals(2, Interval.HOUR.bucketCount(t, Instant.parse("2026-03-02T10:00:00.000001Z")));
        assertEquals(1000, Interval.HOUR.bucketCount(Instant.parse("2026-03-02T00:00:00Z"),
                Instant.parse("2026-03-02T00:00:00Z").plusSeconds(3600L * 1000)));
        assertEquals(1001, Interval.HOUR.bucketCount(Instant.parse("2026-03-02T00:00:00Z"),
                Instant.parse("2026-03-02T00:00:00Z").plusSeconds(3600L * 1000 + 1)));
        assertEquals(3, Interval.DAY.bucketCount(t, Instant.parse("2026-03-04T00:00:01Z")));
    }
}
