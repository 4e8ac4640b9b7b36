package dev.jobtower.adapters.anon;

import dev.jobtower.domain.vendor.testing.MutableClock;
import dev.jobtower.domain.job.ConnectionId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The definition/workflow cache: per connection, a time-to-live, forced re-reads, a bound. */
class AnonCatalogTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-11T08:00:00Z"));
    private final AnonCatalog catalog = new AnonCatalog(Duration.ofMinutes(10), 3, clock);
    private final ConnectionId connection = new ConnectionId(UUID.randomUUID());
    private final AtomicInteger loads = new AtomicInteger();

    private Optional<String> load() {
        return Optional.of("copy " + loads.incrementAndGet());
    }

    @Test
    void a_value_is_reused_until_its_time_to_live_ends() {
        assertEquals(Optional.of("copy 1"), catalog.get(connection, AnonCatalog.Kind.JOB, "j", this::load));
        clock.advance(Duration.ofMinutes(9));
        assertEquals(Optional.of("copy 1"), catalog.get(connection, AnonCatalog.Kind.JOB, "j", this::load));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Optional.of("copy 2"), catalog.get(connection, AnonCatalog.Kind.JOB, "j", this::load));
    }

    @Test
    void connections_and_kinds_do_not_share_entries() {
        catalog.get(connection, AnonCatalog.Kind.JOB, "x", this::load);
        catalog.get(new ConnectionId(UUID.randomUUID()), AnonCatalog.Kind.JOB, "x", this::load);
        catalog.get(connection, AnonCatalog.Kind.WORKFLOW, "x", this::load);
        assertEquals(3, loads.get());
    }

    @Test
    void not_found_is_remembered_too() {
        AtomicInteger misses = new AtomicInteger();
        catalog.get(connection, AnonCatalog.Kind.WORKFLOW, "gone", () -> { misses.incrementAndGet(); return Optional.empty(); });
        assertEquals(Optional.empty(), catalog.get(connection, AnonCatalog.Kind.WORKFLOW, "gone",
                () -> { misses.incrementAndGet(); return Optional.empty(); }));
        assertEquals(1, misses.get());
    }

    @Test
    void a_forced_reload_reads_again_and_peek_never_loads() {
        catalog.get(connection, AnonCatalog.Kind.JOB, "j", this::load);
        assertEquals(Optional.of("copy 2"), catalog.get(connection, AnonCatalog.Kind.JOB, "j", this::load, e -> true));
        assertEquals(Optional.of("copy 2"), catalog.peek(connection, AnonCatalog.Kind.JOB, "j"));
        assertEquals(Optional.empty(), catalog.peek(connection, AnonCatalog.Kind.JOB, "other"));
        assertEquals(2, loads.get());
    }

    @Test
    void the_cache_stays_within_its_bound() {
        for (int i = 0; i < 10; i++) {
            catalog.get(connection, AnonCatalog.Kind.WORKFLOW, "w" + i, this::load);
        }
        assertEquals(true, catalog.size() <= 3, "size " + catalog.size());
    }
}
