package dev.jobtower.app.sync;

import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.AccountInfo;
import dev.jobtower.domain.provider.CallRefused;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.ForwardingJobProvider;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.provider.TrackOutcome;
import dev.jobtower.domain.provider.VendorUnavailable;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link JobProvider} behind resilience4j: each vendor call runs in the provider's own thread-pool
 * bulkhead (a slow vendor cannot take the threads of the others or of the query API), of which one
 * connection holds at most its share (a slow account cannot take the threads of the others), under one
 * time limiter around the whole retried call, with retries (reads only, exponential backoff with jitter,
 * honouring {@code Retry-After}), the connection's own circuit breaker (counting only the vendor's own
 * failures) and its rate limiters (the connection's, then the instance's where the provider has one). Webhook checks and validation run inline: they make no vendor call.
 */
public final class ResilientJobProvider extends ForwardingJobProvider {
    private final ProviderResilience resilience;
    private final MeterRegistry meters;
    private final Clock clock;

    public ResilientJobProvider(JobProvider delegate, ProviderResilience resilience, MeterRegistry meters, Clock clock) {
        super(delegate);
        this.resilience = resilience;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public VendorJob fetch(ProviderAccount account, String externalId) {
        return call("fetch", account, true, () -> delegate.fetch(account, externalId));
    }

    @Override
    public TrackOutcome track(ProviderAccount account, String externalId) {
        return call("track", account, true, () -> delegate.track(account, externalId));
    }

    @Override
    public EnqueueOutcome enqueue(ProviderAccount account, EnqueueRequest request, Optional<String> preassignedId) {
        // never retried blindly: a second POST could start a second job
        return call("enqueue", account, false, () -> delegate.enqueue(account, request, preassignedId));
    }

    @Override
    public List<VendorJob> discover(ProviderAccount account, DiscoveryScope scope) {
        return call("discover", account, true, () -> delegate.discover(account, scope));
    }

    @Override
    public AccountInfo introspect(ProviderAccount account) {
        return call("introspect", account, true, () -> delegate.introspect(account));
    }

    private <T> T call(String operation, ProviderAccount account, boolean retried, Supplier<T> vendorCall) {
        ConnectionParts connection = resilience.connection(account.connectionId());
        Supplier<T> limited = vendorCall;
        for (RateLimiter limiter : resilience.rateLimiters(connection)) {
            limited = RateLimiter.decorateSupplier(limiter, limited);
        }
        Supplier<T> attempt = CircuitBreaker.decorateSupplier(connection.breaker(), limited);
        Supplier<T> whole = retried ? Retry.decorateSupplier(resilience.retry(), attempt) : attempt;
        ThreadPoolBulkhead bulkhead = resilience.bulkhead();
        TimeLimiter timeLimiter = resilience.timeLimiter();
        Timer.Sample sample = Timer.start(meters);
        String outcome = "success";
        // the connection's share of the provider's threads is taken here, before a thread is asked for, and
        // given back when the vendor call really ends (a timed-out call still holds its thread until then)
        Bulkhead share = connection.bulkhead();
        try {
            if (!share.tryAcquirePermission()) {
                throw BulkheadFullException.createBulkheadFullException(share);
            }
            Supplier<T> sharing = () -> {
                try {
                    return whole.get();
                } finally {
                    share.onComplete();
                }
            };
            T result;
            try {
                result = timeLimiter.executeFutureSupplier(() -> bulkhead.executeSupplier(sharing).toCompletableFuture());
            } catch (BulkheadFullException full) {
                share.onComplete(); // never ran: the permit is not held by a running call
                throw full;
            }
            Instant now = clock.instant();
            connection.recordSuccess(now);
            resilience.recordSuccess(now);
            return result;
        } catch (Throwable t) {
            RuntimeException mapped = translate(unwrap(t));
            outcome = outcomeOf(mapped);
            if (mapped instanceof VendorUnavailable u) {
                Instant now = clock.instant();
                connection.recordFailure(now, u.category());
                resilience.recordFailure(now, u.category());
            }
            throw mapped;
        } finally {
            sample.stop(meters.timer("jobtower.vendor.calls", "provider", provider().wireName(),
                    "operation", operation, "outcome", outcome));
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private RuntimeException translate(Throwable t) {
        if (t instanceof ProviderException p) {
            return p;
        }
        if (t instanceof CallNotPermittedException) {
            return new ProviderCircuitOpen(provider());
        }
        if (t instanceof TimeoutException) {
            return VendorUnavailable.of(FailureCategory.TIMEOUT, t);
        }
        if (t instanceof RequestNotPermitted) {
            return new ProviderThrottled(provider(), resilience.rateLimiterRetryAt(clock.instant()));
        }
        if (t instanceof BulkheadFullException) {
            return new ProviderBusy(provider());
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException(t);
    }

    private static String outcomeOf(RuntimeException e) {
        if (e instanceof VendorUnavailable u) {
            return u.category().name().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getClass().getSimpleName();
    }

    /**
     * The provider's circuit is open: calls are refused without reaching the vendor. Like the other
     * refusals below, a {@link ProviderException}, so every use case treats it as a failed vendor call.
     */
    public static final class ProviderCircuitOpen extends ProviderException {
        public ProviderCircuitOpen(Provider provider) {
            super(provider.wireName() + " circuit is open");
        }
    }

    /** Jobtower's own limiter for the provider refused the call. */
    public static final class ProviderThrottled extends CallRefused {
        private final transient Instant retryAt;

        public ProviderThrottled(Provider provider, Instant retryAt) {
            super(provider.wireName() + " calls are rate-limited by Jobtower");
            this.retryAt = retryAt;
        }

        public Instant retryAt() {
            return retryAt;
        }
    }

    /** The provider's bulkhead is full: too many calls to that vendor are in flight. */
    public static final class ProviderBusy extends CallRefused {
        public ProviderBusy(Provider provider) {
            super(provider.wireName() + " has too many calls in flight");
        }
    }

    /** Maps a vendor exception to whether it counts against the vendor's circuit. */
    static final Function<Throwable, Boolean> COUNTS_AGAINST_VENDOR = t -> {
        Throwable cause = unwrap(t);
        return cause instanceof VendorUnavailable u ? u.countsAgainstVendor() : cause instanceof TimeoutException;
    };
}
