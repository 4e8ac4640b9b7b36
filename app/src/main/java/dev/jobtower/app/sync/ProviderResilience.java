package dev.jobtower.app.sync;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.VendorLimits;
import dev.jobtower.domain.provider.VendorUnavailable;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micronaut.core.value.PropertyResolver;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One provider's resilience4j parts and its recent health, built from {@code jobtower.<provider>.resilience.*}
 * (each overridable by environment variable). Limiters and breakers are per Jobtower instance.
 */
public final class ProviderResilience {
    /** Whether one rate limiter serves all of a provider's calls or each connection has its own. */
    public enum LimiterScope { INSTANCE, CONNECTION }

    private final Provider provider;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    private final ThreadPoolBulkhead bulkhead;
    private final RateLimiterConfig limiterConfig;
    private final LimiterScope limiterScope;
    private final RateLimiter instanceLimiter;
    private final CircuitBreakerConfig circuitConfig;
    private final ConnectionParts.Cache connections;
    private final AtomicReference<Instant> lastSuccessAt = new AtomicReference<>();
    private final AtomicReference<Instant> lastFailureAt = new AtomicReference<>();
    private final AtomicReference<FailureCategory> lastError = new AtomicReference<>();
    private final Settings settings;

    /** The settings of one provider, with their defaults. */
    public record Settings(Duration timeout, int retryAttempts, Duration retryInitialBackoff, Duration retryMaxWait,
                           int circuitMinimumCalls, float circuitFailureRate, Duration circuitWindow,
                           Duration circuitOpenWait, int rateLimit, Duration ratePeriod, LimiterScope rateScope,
                           Duration rateWait, int bulkheadThreads, int bulkheadQueue, int connectionConcurrency,
                           double connectionRateShare, int providerCircuitMinConnections,
                           float providerCircuitConnectionRate) {

        /** The configured settings, else the vendor module's defaults ({@code limits}), else the general ones. */
        static Settings read(PropertyResolver properties, Provider provider, VendorLimits limits) {
            String p = "jobtower." + provider.wireName() + ".resilience.";
            return new Settings(
                    properties.get(p + "timeout", Duration.class).orElse(limits.timeout()),
                    properties.get(p + "retry.max-attempts", Integer.class).orElse(3),
                    properties.get(p + "retry.initial-backoff", Duration.class).orElse(Duration.ofMillis(200)),
                    properties.get(p + "retry.max-wait", Duration.class).orElse(Duration.ofSeconds(5)),
                    properties.get(p + "circuit.minimum-calls", Integer.class).orElse(10),
                    properties.get(p + "circuit.failure-rate", Float.class).orElse(50f),
                    properties.get(p + "circuit.window", Duration.class).orElse(Duration.ofSeconds(60)),
                    properties.get(p + "circuit.open-wait", Duration.class).orElse(Duration.ofSeconds(30)),
                    properties.get(p + "rate-limit.limit", Integer.class).orElse(limits.rateLimit()),
                    properties.get(p + "rate-limit.period", Duration.class).orElse(limits.ratePeriod()),
                    properties.get(p + "rate-limit.scope", String.class).map(s -> LimiterScope.valueOf(s.toUpperCase(Locale.ROOT)))
                            .orElse(limits.instanceWide() ? LimiterScope.INSTANCE : LimiterScope.CONNECTION),
                    properties.get(p + "rate-limit.wait", Duration.class).orElse(Duration.ofSeconds(2)),
                    properties.get(p + "bulkhead.threads", Integer.class).orElse(limits.bulkheadThreads()),
                    properties.get(p + "bulkhead.queue", Integer.class).orElse(limits.bulkheadQueue()),
                    // one connection may hold at most this many of the provider's threads at once
                    properties.get(p + "connection.concurrency", Integer.class).orElse(4),
                    // with an instance-wide limiter (a vendor that counts per caller), one connection may take at most this share of it
                    properties.get(p + "connection.rate-share", Double.class).orElse(0.5),
                    // the provider's own circuit: open when at least this many connections' circuits are
                    // open, and they are at least this percentage of the connections that called it lately
                    properties.get(p + "circuit.provider-min-connections", Integer.class).orElse(3),
                    properties.get(p + "circuit.provider-connection-rate", Float.class).orElse(50f));
        }
    }

    /** The resilience4j registries the parts are created in (and their metrics read from). */
    public record Registries(CircuitBreakerRegistry breakers, RetryRegistry retries, TimeLimiterRegistry timeLimiters,
                             RateLimiterRegistry rateLimiters, ThreadPoolBulkheadRegistry bulkheads) {
        public static Registries create() {
            return new Registries(CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults(),
                    TimeLimiterRegistry.ofDefaults(), RateLimiterRegistry.ofDefaults(), ThreadPoolBulkheadRegistry.ofDefaults());
        }
    }

    public ProviderResilience(Provider provider, Settings settings, Registries registries) {
        this(provider, settings, registries, 10_000, Duration.ofHours(1), java.time.Clock.systemUTC());
    }

    public ProviderResilience(Provider provider, Settings settings, Registries registries, int maxConnections,
                              Duration idleEviction, java.time.Clock clock) {
        this.provider = provider;
        this.settings = settings;
        String name = provider.wireName();
        this.circuitConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize((int) Math.max(1, settings.circuitWindow().toSeconds()))
                .minimumNumberOfCalls(settings.circuitMinimumCalls())
                .failureRateThreshold(settings.circuitFailureRate())
                .waitDurationInOpenState(settings.circuitOpenWait())
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // only the vendor's own failures count: not 4xx, not 429, not an employer's system being down
                .recordException(ResilientJobProvider.COUNTS_AGAINST_VENDOR::apply)
                .build();
        // the registry's breaker is the provider's metrics handle; the calls are guarded per connection
        this.circuitBreaker = registries.breakers().circuitBreaker(name, circuitConfig);
        this.retry = registries.retries().retry(name, RetryConfig.custom()
                .maxAttempts(Math.max(1, settings.retryAttempts()))
                .retryOnException(this::retryable)
                .intervalBiFunction(backoff(settings.retryInitialBackoff()))
                .failAfterMaxAttempts(false)
                .build());
        this.timeLimiter = registries.timeLimiters().timeLimiter(name, TimeLimiterConfig.custom()
                .timeoutDuration(settings.timeout()).cancelRunningFuture(true).build());
        this.bulkhead = registries.bulkheads().bulkhead(name, ThreadPoolBulkheadConfig.custom()
                // every thread a core thread: a pool grows past its core size only once its queue is full,
                // so with a smaller core a few hung calls would queue everyone else's behind them
                .coreThreadPoolSize(Math.max(1, settings.bulkheadThreads()))
                .maxThreadPoolSize(Math.max(1, settings.bulkheadThreads()))
                .queueCapacity(Math.max(1, settings.bulkheadQueue()))
                .build());
        this.limiterConfig = RateLimiterConfig.custom()
                .limitForPeriod(Math.max(1, settings.rateLimit()))
                .limitRefreshPeriod(settings.ratePeriod())
                .timeoutDuration(settings.rateWait())
                .build();
        this.limiterScope = settings.rateScope();
        this.instanceLimiter = registries.rateLimiters().rateLimiter(name, limiterConfig);
        RateLimiterConfig connectionLimiterConfig = limiterScope == LimiterScope.CONNECTION ? limiterConfig
                : RateLimiterConfig.from(limiterConfig)
                        .limitForPeriod(Math.max(1, (int) Math.ceil(settings.rateLimit() * settings.connectionRateShare())))
                        .build();
        this.connections = new ConnectionParts.Cache(name, circuitConfig, connectionLimiterConfig,
                Math.max(1, settings.connectionConcurrency()), maxConnections, idleEviction, clock);
    }

    /** The parts of one connection: its circuit, its share of the threads, its limiter, its health. */
    public ConnectionParts connection(ConnectionId connection) {
        return connections.get(connection);
    }

    /** The parts of a connection that made calls lately, if any (for its {@code health}). */
    public java.util.Optional<ConnectionParts> existingConnection(ConnectionId connection) {
        return connections.find(connection);
    }

    /**
     * The provider's own circuit, derived from its connections' circuits: OPEN only when the provider fails
     * across many connections at once (at least {@code circuit.provider-min-connections} connection circuits
     * open, and at least {@code circuit.provider-connection-rate} % of the connections that called it within
     * the circuit window); HALF_OPEN when some connection circuits are trying again and none is open; else
     * CLOSED. One failing account never opens it.
     */
    public CircuitBreaker.State providerCircuit() {
        ConnectionParts.Census census = connections.census(settings.circuitWindow());
        if (census.open() >= settings.providerCircuitMinConnections()
                && census.open() * 100f >= settings.providerCircuitConnectionRate() * Math.max(1, census.active())) {
            return CircuitBreaker.State.OPEN;
        }
        if (census.open() == 0 && census.halfOpen() > 0 && census.halfOpen() >= settings.providerCircuitMinConnections()) {
            return CircuitBreaker.State.HALF_OPEN;
        }
        return CircuitBreaker.State.CLOSED;
    }

    private boolean retryable(Throwable t) {
        if (t instanceof VendorUnavailable u) {
            return u.retryAfter() == null
                    || !u.retryAfter().isAfter(Instant.now().plus(settings.retryMaxWait()));
        }
        return t instanceof TimeoutException;
    }

    /** Exponential backoff with full jitter; a vendor's {@code Retry-After} wins when it is longer. */
    private static IntervalBiFunction<Object> backoff(Duration initial) {
        return (attempt, either) -> {
            long base = initial.toMillis() * (1L << Math.min(10, attempt - 1));
            long wait = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
            if (either != null && either.isLeft() && either.getLeft() instanceof VendorUnavailable u && u.retryAfter() != null) {
                wait = Math.max(wait, Duration.between(Instant.now(), u.retryAfter()).toMillis());
            }
            return Math.max(0, wait);
        };
    }

    public Provider provider() {
        return provider;
    }

    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    public Retry retry() {
        return retry;
    }

    public TimeLimiter timeLimiter() {
        return timeLimiter;
    }

    public ThreadPoolBulkhead bulkhead() {
        return bulkhead;
    }

    /**
     * The limiters a call of this connection passes, in order: the connection's own (its fair share when
     * the limit is instance-wide), then the instance-wide one where the provider has one (its module's limits say so).
     */
    public java.util.List<RateLimiter> rateLimiters(ConnectionParts connection) {
        return limiterScope == LimiterScope.INSTANCE
                ? java.util.List.of(connection.rateLimiter(), instanceLimiter)
                : java.util.List.of(connection.rateLimiter());
    }

    /** The instance-wide limiter (for metrics). */
    public RateLimiter instanceLimiter() {
        return instanceLimiter;
    }

    /** When the limiter will next have permits: the end of the current period. */
    public Instant rateLimiterRetryAt(Instant now) {
        return now.plus(settings.ratePeriod());
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
}
