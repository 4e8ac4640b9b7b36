package dev.jobtower.app.sync;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.provider.FailureCategory;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection's resilience parts (API.md "Isolation"): its own circuit breaker, its share of the
 * provider's threads (a semaphore bulkhead that refuses at once), its rate limiter, and its recent health.
 * A slow or failing vendor account opens only its own circuit and holds only its own share of threads.
 * They are not registered in the resilience4j registries: metrics carry no connection ids.
 */
public final class ConnectionParts {
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final RateLimiter rateLimiter;
    private final AtomicReference<Instant> lastSuccessAt = new AtomicReference<>();
    private final AtomicReference<Instant> lastFailureAt = new AtomicReference<>();
    private final AtomicReference<FailureCategory> lastError = new AtomicReference<>();
    private volatile Instant lastUsedAt;

    ConnectionParts(String name, CircuitBreakerConfig circuit, RateLimiterConfig limiter, int concurrency, Instant now) {
        this.breaker = CircuitBreaker.of(name, circuit);
        this.bulkhead = Bulkhead.of(name, BulkheadConfig.custom().maxConcurrentCalls(concurrency)
                .maxWaitDuration(Duration.ZERO).build());
        this.rateLimiter = RateLimiter.of(name, limiter);
        this.lastUsedAt = now;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public Bulkhead bulkhead() {
        return bulkhead;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    void recordSuccess(Instant at) {
        lastSuccessAt.set(at);
    }

    void recordFailure(Instant at, FailureCategory category) {
        lastFailureAt.set(at);
        lastError.set(category);
    }

    public Instant lastSuccessAt() {
        return lastSuccessAt.get();
    }

    public Instant lastFailureAt() {
        return lastFailureAt.get();
    }

    public FailureCategory lastError() {
        return lastError.get();
    }

    /** The circuit as the API names it: CLOSED, OPEN or HALF_OPEN. */
    public String circuit() {
        return circuitName(breaker.getState());
    }

    static String circuitName(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> "OPEN";
            case HALF_OPEN -> "HALF_OPEN";
            default -> "CLOSED";
        };
    }

    /** How many connections called lately, and how many of their circuits are open or half open. */
    record Census(int active, int open, int halfOpen) {
    }

    /**
     * The parts of a provider's connections, bounded in number: connections come and go, so the least
     * recently used are dropped past {@code maxEntries}, and any not used for {@code idleEviction} (a
     * dropped connection starts again with a closed circuit, as after a restart).
     */
    static final class Cache {
        private final String name;
        private final CircuitBreakerConfig circuit;
        private final RateLimiterConfig limiter;
        private final int concurrency;
        private final int maxEntries;
        private final Duration idleEviction;
        private final Clock clock;
        private final LinkedHashMap<ConnectionId, ConnectionParts> parts;

        Cache(String name, CircuitBreakerConfig circuit, RateLimiterConfig limiter, int concurrency, int maxEntries,
              Duration idleEviction, Clock clock) {
            this.name = name;
            this.circuit = circuit;
            this.limiter = limiter;
            this.concurrency = concurrency;
            this.maxEntries = Math.max(1, maxEntries);
            this.idleEviction = idleEviction;
            this.clock = clock;
            this.parts = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ConnectionId, ConnectionParts> eldest) {
                    return size() > Cache.this.maxEntries || idle(eldest.getValue(), clock.instant());
                }
            };
        }

        private boolean idle(ConnectionParts p, Instant now) {
            return p.lastUsedAt.isBefore(now.minus(idleEviction)) && p.bulkhead.getMetrics().getAvailableConcurrentCalls() == concurrency;
        }

        synchronized ConnectionParts get(ConnectionId connection) {
            Instant now = clock.instant();
            ConnectionParts p = parts.computeIfAbsent(connection, c -> new ConnectionParts(name, circuit, limiter, concurrency, now));
            p.lastUsedAt = now;
            return p;
        }

        synchronized Optional<ConnectionParts> find(ConnectionId connection) {
            return Optional.ofNullable(parts.get(connection));
        }

        synchronized Census census(Duration window) {
            Instant since = clock.instant().minus(window);
            int active = 0;
            int open = 0;
            int halfOpen = 0;
            List<ConnectionParts> all = new ArrayList<>(parts.values());
            for (ConnectionParts p : all) {
                CircuitBreaker.State state = p.breaker.getState();
                boolean isOpen = state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
                if (isOpen || !p.lastUsedAt.isBefore(since)) {
                    active++;
                }
                if (isOpen) {
                    open++;
                } else if (state == CircuitBreaker.State.HALF_OPEN) {
                    halfOpen++;
                }
            }
            return new Census(active, open, halfOpen);
        }
    }
}
