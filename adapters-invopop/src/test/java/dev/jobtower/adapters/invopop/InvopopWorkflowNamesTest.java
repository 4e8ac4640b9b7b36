package dev.jobtower.adapters.invopop;

import dev.jobtower.domain.vendor.testing.MutableClock;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorUnavailable;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workflow-name cache: a TTL per connection and workflow, and failures that never fail a job read. */
class InvopopWorkflowNamesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
    private final InvopopWorkflowNames names = new InvopopWorkflowNames(clock, Duration.ofMinutes(10), 3);
    private final ConnectionId connection = new ConnectionId(UUID.randomUUID());
    private final List<String> calls = new ArrayList<>();

    private InvopopWorkflowNames.Lookup answering(String name) {
        return id -> {
            calls.add(id);
            return name;
        };
    }

    private InvopopWorkflowNames.Lookup failingWith(RuntimeException e) {
        return id -> {
            calls.add(id);
            throw e;
        };
    }

    @Test
    void a_name_is_read_once_per_TTL() {
        assertEquals("Send to SDI", names.name(connection, "w1", answering("Send to SDI")));
        clock.advance(Duration.ofMinutes(9));
        assertEquals("Send to SDI", names.name(connection, "w1", answering("Renamed")));
        assertEquals(1, calls.size());
        clock.advance(Duration.ofMinutes(1));
        assertEquals("Renamed", names.name(connection, "w1", answering("Renamed")));
        assertEquals(2, calls.size());
    }

    @Test
    void names_are_kept_per_connection() {
        names.name(connection, "w1", answering("A"));
        assertEquals("B", names.name(new ConnectionId(UUID.randomUUID()), "w1", answering("B")));
        assertEquals(2, calls.size());
    }

    @Test
    void a_failed_read_gives_no_name_and_is_retried_next_time() {
        VendorUnavailable down = VendorUnavailable.of(FailureCategory.HTTP_5XX, 503);
        assertNull(names.name(connection, "w1", failingWith(down)));
        assertEquals("Send to SDI", names.name(connection, "w1", answering("Send to SDI")));
        assertEquals(2, calls.size());
    }

    @Test
    void a_failed_refresh_keeps_the_last_known_name() {
        names.name(connection, "w1", answering("Send to SDI"));
        clock.advance(Duration.ofMinutes(11));
        assertEquals("Send to SDI", names.name(connection, "w1",
                failingWith(VendorUnavailable.of(FailureCategory.TIMEOUT, (Throwable) null))));
        assertEquals("Send to SDI", names.name(connection, "w1", failingWith(new IllegalStateException("bug"))));
    }

    @Test
    void a_workflow_the_vendor_does_not_have_is_remembered_as_nameless() {
        assertNull(names.name(connection, "gone", failingWith(new VendorNotFound("workflow gone"))));
        assertNull(names.name(connection, "gone", answering("never asked")));
        assertEquals(1, calls.size());
    }

    @Test
    void no_workflow_id_no_lookup() {
        assertNull(names.name(connection, null, answering("x")));
        assertNull(names.name(connection, " ", answering("x")));
        assertTrue(calls.isEmpty());
    }

    @Test
    void the_cache_stays_bounded() {
        for (int i = 0; i < 10; i++) {
            names.name(connection, "w" + i, answering("n" + i));
        }
        assertTrue(names.size() <= 3, "size " + names.size());
    }

}
