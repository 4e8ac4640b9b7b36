package dev.jobtower.domain.provider;

import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.job.VendorJob;

/**
 * What a vendor answered to an enqueue.
 *
 * @param job          the new or existing job; a copy with status {@code QUEUED} and no vendor status
 *                     when the vendor returned only an id
 * @param deduplicated true when the vendor answered with a job it already had (Finch 202, Invopop 409)
 * @param quota        the enqueue quota the vendor reported, or {@code null}
 */
public record EnqueueOutcome(VendorJob job, boolean deduplicated, Quota quota) {
    public static EnqueueOutcome created(VendorJob job, Quota quota) {
        return new EnqueueOutcome(job, false, quota);
    }

    public static EnqueueOutcome existing(VendorJob job, Quota quota) {
        return new EnqueueOutcome(job, true, quota);
    }
}
