package dev.jobtower.app.limits;

import dev.jobtower.app.support.MovableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token bucket per key: burst, refill by the clock, Reset, and the bound on how many buckets are kept. */
class RequestRateLimitsTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_burst_then_one_request_per_refilled_token() {
        RequestRateLimits limits = new RequestRateLimits(clock, 10, 20, 100);
        for (int i = 0; i < 20; i++) {
            RequestRateLimits.Decision d = limits.take(key("a"));
            assertTrue(d.allowed(), "request " + i + " of the burst");
            assertEquals(20, d.limit());
            assertEquals(19 - i, d.remaining());
            assertNull(d.retryAt());
        }
        RequestRateLimits.Decision refused = limits.take(key("a"));
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(clock.instant().plusMillis(100), refused.retryAt(), "the next token, at 10 per second");
        assertEquals(2, refused.resetSeconds(), "20 tokens at 10 per second: full again in 2 s");

        clock.advance(Duration.ofMillis(99));
        assertFalse(limits.take(key("a")).allowed());
        clock.advance(Duration.ofMillis(1));
        assertTrue(limits.take(key("a")).allowed());
        assertFalse(limits.take(key("a")).allowed());

        clock.advance(Duration.ofSeconds(5));
        assertEquals(19, limits.take(key("a")).remaining(), "refilled up to the burst, never beyond");
    }

    @Test
    void keys_do_not_share_a_bucket() {
        RequestRateLimits limits = new RequestRateLimits(clock, 1, 2, 100);
        limits.take(key("a"));
        limits.take(key("a"));
        assertFalse(limits.take(key("a")).allowed());
        RequestRateLimits.Decision other = limits.take(key("b"));
        assertTrue(other.allowed());
        assertEquals(1, other.remaining());
    }

    @Test
    void buckets_are_bounded_and_full_ones_go_first() {
        RequestRateLimits limits = new RequestRateLimits(clock, 1, 5, 2);
        limits.take(key("a"));
        limits.take(key("b"));
        clock.advance(Duration.ofSeconds(10));     // a and b are full again: the same as new
        limits.take(key("c"));
        assertEquals(1, limits.size(), "full buckets were dropped to make room");

        limits.take(key("d"));                     // c and d both in use
        for (int i = 0; i < 5; i++) {
            limits.take(key("e" + i));
        }
        assertTrue(limits.size() <= 2, "never more than the bound: " + limits.size());
    }
}
