package dev.jobtower.app.sync;

import dev.jobtower.adapters.finch.FinchModule;
import dev.jobtower.app.support.MovableClock;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.VendorLimits;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of per-connection resilience (API.md "Isolation", README "Resilience"), on their own: the
 * provider's circuit is OPEN only when at least {@code circuit.provider-min-connections} (3) connection
 * circuits are open and they are at least {@code circuit.provider-connection-rate} (50) % of the connections
 * that called the provider within the circuit window; each connection has its own circuit, its own share of
 * threads and, under Finch's instance-wide limit, at most its fair share of it; the parts kept in memory are
 * bounded and idle ones evicted. The end-to-end side is in VendorFaultsTest and NoisyNeighbourTest.
 */
class ProviderResilienceRulesTest {
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T12:00:00Z"));

    ProviderResilience resilience(Provider provider, Map<String, Object> properties, int maxConnections) {
        PropertySourcePropertyResolver resolver = new PropertySourcePropertyResolver(PropertySource.of("test", properties));
        // each provider's defaults are its vendor module's limits (Finch: an instance-wide limiter)
        VendorLimits limits = provider.equals(FinchModule.PROVIDER) ? FinchModule.LIMITS : VendorLimits.DEFAULT;
        return new ProviderResilience(provider, ProviderResilience.Settings.read(resolver, provider, limits),
                ProviderResilience.Registries.create(), maxConnections, Duration.ofHours(1), clock);
    }

    ProviderResilience finch() {
        return resilience(Provider.of("finch"), Map.of(), 10_000);
    }

    /** Connections that each made a call just now. */
    static List<ConnectionParts> calling(ProviderResilience r, int n) {
        List<ConnectionParts> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(r.connection(new ConnectionId(UUID.randomUUID())));
        }
        return parts;
    }

    static void open(List<ConnectionParts> parts) {
        parts.forEach(p -> p.breaker().transitionToOpenState());
    }

    @Test
    void one_or_two_failing_accounts_never_open_the_provider_circuit_even_when_they_are_all_there_is() {
        ProviderResilience r = finch();
        List<ConnectionParts> parts = calling(r, 2);
        open(parts.subList(0, 1));
        assertEquals(CircuitBreaker.State.CLOSED, r.providerCircuit());
        open(parts);
        assertEquals(CircuitBreaker.State.CLOSED, r.providerCircuit(), "2 of 2 connections failing is below the minimum of 3");
        assertEquals("OPEN", parts.get(0).circuit(), "the failing connections' own circuits are open");
    }

    @Test
    void three_failing_accounts_that_are_half_of_those_calling_open_it_and_it_closes_when_one_recovers() {
        ProviderResilience r = finch();
        List<ConnectionParts> parts = calling(r, 6);
        open(parts.subList(0, 3));
        assertEquals(CircuitBreaker.State.OPEN, r.providerCircuit(), "3 of 6 connections failing");
        parts.get(0).breaker().transitionToHalfOpenState();
        parts.get(0).breaker().transitionToClosedState();
        assertEquals(CircuitBreaker.State.CLOSED, r.providerCircuit(), "2 of 6");
    }

    @Test
    void failing_accounts_that_are_a_minority_of_those_calling_do_not_open_it() {
        ProviderResilience r = finch();
        List<ConnectionParts> parts = calling(r, 10);
        open(parts.subList(0, 4));
        assertEquals(CircuitBreaker.State.CLOSED, r.providerCircuit(), "4 of 10 connections failing is below half");
    }

    @Test
    void the_share_counts_the_connections_that_called_within_the_window() {
        ProviderResilience r = finch();
        List<ConnectionParts> quiet = calling(r, 10);
        clock.advance(Duration.ofMinutes(5)); // past the 60 s circuit window: these no longer count as calling
        List<ConnectionParts> now = calling(r, 4);
        open(now.subList(0, 3));
        assertEquals(CircuitBreaker.State.OPEN, r.providerCircuit(), "3 of the 4 that called lately; the 10 idle ones do not dilute it");
        assertEquals(10, quiet.size());
    }

    @Test
    void the_rule_is_configurable() {
        ProviderResilience r = resilience(Provider.of("finch"), Map.of("jobtower.finch.resilience.circuit.provider-min-connections", 1,
                "jobtower.finch.resilience.circuit.provider-connection-rate", 100), 10_000);
        List<ConnectionParts> parts = calling(r, 2);
        open(parts.subList(0, 1));
        assertEquals(CircuitBreaker.State.CLOSED, r.providerCircuit(), "1 of 2 is below 100 %");
        open(parts);
        assertEquals(CircuitBreaker.State.OPEN, r.providerCircuit());
    }

    @Test
    void each_connection_has_its_own_circuit_and_its_own_share_of_threads() {
        ProviderResilience r = resilience(Provider.of("finch"), Map.of("jobtower.finch.resilience.connection.concurrency", 2), 10_000);
        ConnectionId id = new ConnectionId(UUID.randomUUID());
        ConnectionParts mine = r.connection(id);
        ConnectionParts other = r.connection(new ConnectionId(UUID.randomUUID()));
        assertSame(mine, r.connection(id));
        assertNotSame(mine.breaker(), other.breaker());

        assertTrue(mine.bulkhead().tryAcquirePermission());
        assertTrue(mine.bulkhead().tryAcquirePermission());
        assertFalse(mine.bulkhead().tryAcquirePermission(), "a third call at once is refused at once");
        assertTrue(other.bulkhead().tryAcquirePermission(), "another connection is unaffected");
        mine.bulkhead().onComplete();
        assertTrue(mine.bulkhead().tryAcquirePermission(), "a call that ended frees its place");

        mine.breaker().transitionToOpenState();
        assertEquals("OPEN", mine.circuit());
        assertEquals("CLOSED", other.circuit());
    }

    @Test
    void under_finchs_instance_wide_limit_one_connection_gets_at_most_its_share() {
        ProviderResilience r = finch();
        ConnectionParts parts = r.connection(new ConnectionId(UUID.randomUUID()));
        List<RateLimiter> limiters = r.rateLimiters(parts);
        assertEquals(List.of(parts.rateLimiter(), r.instanceLimiter()), limiters, "the connection's share, then the instance's limit");
        assertEquals(3, r.instanceLimiter().getRateLimiterConfig().getLimitForPeriod(), "Finch: 3 per second for the instance");
        assertEquals(2, parts.rateLimiter().getRateLimiterConfig().getLimitForPeriod(), "half of it, rounded up");

        ProviderResilience anon = resilience(Provider.of("anon"), Map.of(), 10_000);
        ConnectionParts anonParts = anon.connection(new ConnectionId(UUID.randomUUID()));
        assertEquals(List.of(anonParts.rateLimiter()), anon.rateLimiters(anonParts), "anon: a limit per connection only");
        assertEquals(10, anonParts.rateLimiter().getRateLimiterConfig().getLimitForPeriod());
    }

    @Test
    void the_parts_kept_are_bounded_and_idle_ones_are_evicted() {
        ProviderResilience r = resilience(Provider.of("finch"), Map.of(), 5);
        ConnectionId first = new ConnectionId(UUID.randomUUID());
        r.connection(first).breaker().transitionToOpenState();
        for (int i = 0; i < 100; i++) {
            r.connection(new ConnectionId(UUID.randomUUID()));
        }
        assertTrue(r.existingConnection(first).isEmpty(), "the least recently used go past the bound");
        assertEquals("CLOSED", r.connection(first).circuit(), "and start again closed, as after a restart");

        ProviderResilience roomy = resilience(Provider.of("finch"), Map.of(), 10_000);
        ConnectionId idle = new ConnectionId(UUID.randomUUID());
        ConnectionId busy = new ConnectionId(UUID.randomUUID());
        roomy.connection(idle);
        assertTrue(roomy.connection(busy).bulkhead().tryAcquirePermission()); // a call still in flight
        clock.advance(Duration.ofHours(2));
        roomy.connection(new ConnectionId(UUID.randomUUID()));
        assertTrue(roomy.existingConnection(idle).isEmpty(), "idle for longer than the eviction time: forgotten");
        roomy.connection(new ConnectionId(UUID.randomUUID()));
        assertTrue(roomy.existingConnection(busy).isPresent(), "a connection with a call in flight is kept");
    }
}
