package dev.jobtower.app.problem;

import dev.jobtower.app.sync.ResilientJobProvider;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.provider.Unsupported;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.VendorUnavailable;
import dev.jobtower.domain.provider.WebhookRejected;
import dev.jobtower.domain.tracking.UnknownConnection;
import dev.jobtower.domain.tracking.UnknownJob;

import java.util.Optional;

/** The API's answer to each failure the domain and the providers report. Vendor text only in vendor-rejected. */
public final class DomainProblems {
    private DomainProblems() {
    }

    public static Optional<ApiException> toApi(Throwable e) {
        ApiException mapped = null;
        if (e instanceof dev.jobtower.domain.tracking.EnqueueInDoubt d) {
            return toApi(d.getCause());
        }
        if (e instanceof ApiException a) {
            mapped = a;
        } else if (e instanceof UnknownConnection) {
            mapped = ApiException.notFound("the connection");
        } else if (e instanceof UnknownJob) {
            mapped = ApiException.notFound("the job");
        } else if (e instanceof InvalidJobRequest i) {
            mapped = ApiException.validation(i.parameter(), i.detail());
        } else if (e instanceof VendorNotFound) {
            mapped = new ApiException(Problem.of("not-found", "Not found", 404, "the vendor has no such job"));
        } else if (e instanceof VendorRejected r) {
            mapped = new ApiException(Problem.of("vendor-rejected", "Vendor rejected the request", 400,
                    "the vendor refused the request with HTTP " + r.vendorStatusCode())
                    .withVendor(r.vendorStatusCode(), r.vendorCode(), r.vendorMessage()));
        } else if (e instanceof VendorRateLimited r) {
            mapped = new ApiException(Problem.of("rate-limited", "Rate limited", 429,
                    "the vendor's quota for this connection is spent").withRetryAt(r.retryAt()));
        } else if (e instanceof ResilientJobProvider.ProviderThrottled t) {
            mapped = new ApiException(Problem.of("rate-limited", "Rate limited", 429,
                    "Jobtower's own rate limit for this provider refused the call").withRetryAt(t.retryAt()));
        } else if (e instanceof VendorUnavailable u) {
            mapped = new ApiException(Problem.of("vendor-unavailable", "Vendor unavailable", 502,
                    "the vendor could not be reached or failed (" + u.category() + ")"));
        } else if (e instanceof ResilientJobProvider.ProviderCircuitOpen) {
            mapped = new ApiException(Problem.of("provider-circuit-open", "Provider circuit open", 503,
                    "calls to this provider are paused after repeated failures; try again shortly"));
        } else if (e instanceof ResilientJobProvider.ProviderBusy) {
            mapped = new ApiException(Problem.of("provider-busy", "Provider busy", 503,
                    "too many calls to this provider are in flight; try again shortly"));
        } else if (e instanceof Unsupported u) {
            mapped = new ApiException(Problem.of("validation", "Not supported", 400, u.getMessage()));
        } else if (e instanceof WebhookRejected) {
            mapped = ApiException.unauthorized("the webhook could not be authenticated");
        }
        return Optional.ofNullable(mapped);
    }
}
