package dev.jobtower.domain.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * The defaults of a vendor's call limits, as its adapter knows them from the vendor's documentation; every one
 * can still be overridden by configuration ({@code jobtower.<provider>.resilience.*}).
 *
 * @param timeout         how long one call may take
 * @param rateLimit       calls allowed per {@code ratePeriod}
 * @param ratePeriod      the rate limit's period
 * @param instanceWide    whether the vendor counts calls per caller (one limiter for the whole instance, each
 *                        connection holding a fair share of it) rather than per account (one limiter per connection)
 * @param bulkheadThreads calls in flight at once at this vendor
 * @param bulkheadQueue   calls waiting for one of those
 */
public record VendorLimits(Duration timeout, int rateLimit, Duration ratePeriod, boolean instanceWide,
                           int bulkheadThreads, int bulkheadQueue) {
    /** What a vendor gets when its adapter says nothing more precise. */
    public static final VendorLimits DEFAULT = new VendorLimits(Duration.ofSeconds(12), 10, Duration.ofSeconds(1),
            false, 16, 200);

    public VendorLimits {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(ratePeriod, "ratePeriod");
        if (rateLimit < 1 || bulkheadThreads < 1 || bulkheadQueue < 1 || timeout.isNegative() || timeout.isZero()
                || ratePeriod.isNegative() || ratePeriod.isZero()) {
            throw new IllegalArgumentException("vendor limits must be positive");
        }
    }

    /** These limits with a rate limit of {@code limit} calls per {@code period}, per instance or per connection. */
    public VendorLimits withRate(int limit, Duration period, boolean perInstance) {
        return new VendorLimits(timeout, limit, period, perInstance, bulkheadThreads, bulkheadQueue);
    }
}
