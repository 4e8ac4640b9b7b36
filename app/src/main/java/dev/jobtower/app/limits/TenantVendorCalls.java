package dev.jobtower.app.limits;

import dev.jobtower.domain.job.TenantId;
import dev.jobtower.app.settings.LimitSettings;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code JOBTOWER_TENANT_VENDOR_CONCURRENCY} (API.md "Limits and fairness"): at most that many vendor
 * calls at once on behalf of one tenant's API requests (enqueue, track, refresh). The next is answered
 * {@code 429 rate-limited} with {@code Retry-After: 1} at once, never queued behind the others. Counters
 * exist only while a tenant has calls in flight, so their number is bounded by the calls in flight.
 */
@Singleton
public class TenantVendorCalls {
    private final int limit;
    private final Clock clock;
    private final ConcurrentHashMap<TenantId, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public TenantVendorCalls(LimitSettings settings, Clock clock) {
        this.limit = settings.tenantVendorConcurrency();
        this.clock = clock;
    }

    /** Runs {@code call} under one of the tenant's places, or refuses at once when all are taken. */
    public <T> T run(TenantId tenant, Supplier<T> call) {
        boolean[] admitted = {false};
        inFlight.compute(tenant, (t, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (count.get() < limit) {
                count.incrementAndGet();
                admitted[0] = true;
            }
            return count.get() == 0 ? null : count;
        });
        if (!admitted[0]) {
            throw Limits.rateLimited("this tenant already has " + limit + " vendor calls in flight for API requests; "
                    + "try again in a second", clock.instant().plusSeconds(1));
        }
        try {
            return call.get();
        } finally {
            inFlight.compute(tenant, (t, n) -> n == null || n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** Calls in flight for the tenant (tests, metrics). */
    public int inFlight(TenantId tenant) {
        AtomicInteger n = inFlight.get(tenant);
        return n == null ? 0 : n.get();
    }
}
