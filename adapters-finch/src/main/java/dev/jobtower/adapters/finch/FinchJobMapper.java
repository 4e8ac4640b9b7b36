package dev.jobtower.adapters.finch;

import dev.jobtower.domain.vendor.LenientInstants;
import dev.jobtower.adapters.finch.wire.AutomatedAsyncJob;
import dev.jobtower.adapters.finch.wire.AutomatedJobParams;
import dev.jobtower.adapters.finch.wire.ManualAsyncJob;
import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.UnifiedStatus;
import dev.jobtower.domain.job.VendorJob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finch's job DTOs in the unified vocabulary. Finch gives no update time, so {@code vendorUpdatedAt}
 * stays {@code null} and copies are ordered by when their read started.
 */
final class FinchJobMapper {
    /** {@code attributes.kind}, and {@code type} for manual jobs. */
    static final String AUTOMATED = "automated";
    static final String MANUAL = "manual";
    static final String INDIVIDUAL_ID = "individualId";

    private FinchJobMapper() {
    }

    /** An automated job as read; {@code externalId} is the id it was asked for (or listed under). */
    static VendorJob automated(String externalId, AutomatedAsyncJob job, String rawPayload) {
        return VendorJob.builder(externalId)
                .type(job.type())
                .status(FinchStatusMapping.automated(job.status()))
                .vendorStatus(job.status())
                .createdAt(LenientInstants.parse(job.createdAt()))
                .scheduledAt(LenientInstants.parse(job.scheduledAt()))
                .startedAt(LenientInstants.parse(job.startedAt()))
                .completedAt(LenientInstants.parse(job.completedAt()))
                .params(params(job.params()))
                .vendorUrl(blankToNull(job.jobUrl()))
                .attributes(Map.of("kind", AUTOMATED))
                .rawPayload(rawPayload)
                .build();
    }

    /** A manual job as read: its per-item outcomes are kept in {@code attributes.items}. */
    static VendorJob manual(String externalId, ManualAsyncJob job, String rawPayload) {
        List<Object> items = job.body() == null ? List.of() : new ArrayList<>(job.body());
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("kind", MANUAL);
        attributes.put("items", items);
        return VendorJob.builder(externalId)
                .type(MANUAL)
                .status(FinchStatusMapping.manual(job.status(), job.body()))
                .vendorStatus(job.status())
                .attributes(attributes)
                .rawPayload(rawPayload)
                .build();
    }

    /** A job Finch answered with only its id (an enqueue): {@code QUEUED}, no vendor status yet. */
    static VendorJob queued(String externalId, String type, Map<String, Object> params, String jobUrl,
                            String rawPayload) {
        return VendorJob.builder(externalId)
                .type(type)
                .status(UnifiedStatus.of(JobStatus.QUEUED))
                .vendorStatus(null)
                .params(params)
                .vendorUrl(blankToNull(jobUrl))
                .attributes(Map.of("kind", AUTOMATED))
                .rawPayload(rawPayload)
                .build();
    }

    /** Finch's {@code params} in our (camelCase) names. */
    static Map<String, Object> params(AutomatedJobParams params) {
        if (params == null || params.individualId() == null) {
            return Map.of();
        }
        return Map.of(INDIVIDUAL_ID, params.individualId());
    }

    /** A quota from Finch's refresh counters; {@code null} when Finch reported none of them. */
    static Quota quota(Integer allowedRefreshes, Integer remainingRefreshes, Instant retryAt) {
        if (allowedRefreshes == null && remainingRefreshes == null && retryAt == null) {
            return null;
        }
        return new Quota(allowedRefreshes, remainingRefreshes, retryAt);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
