package dev.jobtower.domain.analytics;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverdueRuleTest {
    private final OverdueRule rule = new OverdueRule(3, Duration.ofHours(24));

    @Test
    void nineteen_finished_jobs_give_the_default_and_twenty_give_factor_times_p95() {
        assertEquals(Duration.ofHours(24), rule.deadline(19, 600));
        assertEquals(Duration.ofSeconds(1800), rule.deadline(20, 600));
        assertEquals(Duration.ofHours(24), rule.deadline(0, 0));
    }

    @Test
    void the_factor_scales_the_baseline() {
        assertEquals(Duration.ofSeconds(1500), new OverdueRule(2.5, Duration.ofHours(1)).deadline(20, 600));
        assertEquals(Duration.ofMillis(1500), new OverdueRule(3, Duration.ofHours(1)).deadline(50, 0.5));
    }

    @Test
    void overdue_means_strictly_past_the_deadline() {
        assertFalse(OverdueRule.overdue(Duration.ofHours(24), Duration.ofHours(24)));
        assertTrue(OverdueRule.overdue(Duration.ofHours(24).plusNanos(1000), Duration.ofHours(24)));
    }

    @Test
    void refuses_nonsense_settings() {
        assertThrows(IllegalArgumentException.class, () -> new OverdueRule(0, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new OverdueRule(Double.NaN, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new OverdueRule(3, Duration.ZERO));
    }
}
