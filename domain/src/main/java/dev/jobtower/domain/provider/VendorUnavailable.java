package dev.jobtower.domain.provider;

import java.time.Instant;
import java.util.Objects;

/**
 * The vendor failed, timed out, was unreachable, throttled a read, or answered something unreadable.
 *
 * @param countsAgainstVendor false for failures that are not the vendor's own (Finch
 *                            {@code 502 upstream_provider_error}: one employer's payroll system is down),
 *                            which must not open the provider's circuit
 * @param retryAfter          when the vendor asked to be called again ({@code Retry-After}), or {@code null}
 */
public final class VendorUnavailable extends ProviderException {
    private final FailureCategory category;
    private final Integer statusCode;
    private final boolean countsAgainstVendor;
    private final Instant retryAfter;

    public VendorUnavailable(FailureCategory category, Integer statusCode, boolean countsAgainstVendor,
                             Instant retryAfter, Throwable cause) {
        super("vendor unavailable: " + category + (statusCode == null ? "" : " (HTTP " + statusCode + ")"), cause);
        this.category = Objects.requireNonNull(category, "category");
        this.statusCode = statusCode;
        this.countsAgainstVendor = countsAgainstVendor;
        this.retryAfter = retryAfter;
    }

    public static VendorUnavailable of(FailureCategory category, Integer statusCode) {
        return new VendorUnavailable(category, statusCode, true, null, null);
    }

    public static VendorUnavailable of(FailureCategory category, Throwable cause) {
        return new VendorUnavailable(category, null, true, null, cause);
    }

    public FailureCategory category() {
        return category;
    }

    public Integer statusCode() {
        return statusCode;
    }

    public boolean countsAgainstVendor() {
        return countsAgainstVendor && category != FailureCategory.HTTP_429;
    }

    public Instant retryAfter() {
        return retryAfter;
    }
}
