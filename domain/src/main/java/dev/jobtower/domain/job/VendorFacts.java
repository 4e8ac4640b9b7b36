package dev.jobtower.domain.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a vendor says about a job, as one value: two copies say the same thing exactly when their facts
 * are {@link #equals equal}, so a job's {@code updatedAt} moves when, and only when, its facts change.
 * A new fact about a job belongs here, and change detection follows without another line.
 *
 * <p>Not part of it: what Jobtower itself keeps about the job (its ids, {@code createdAt}, which never
 * changes once stored, and the sync bookkeeping), and what only orders copies ({@code vendorUpdatedAt}).
 */
public record VendorFacts(
        String type,
        String name,
        JobStatus status,
        StatusReason statusReason,
        String vendorStatus,
        Instant scheduledAt,
        Instant startedAt,
        Instant completedAt,
        Map<String, Object> params,
        List<String> tags,
        String vendorUrl,
        Map<String, Object> attributes,
        List<Step> steps,
        List<Attachment> attachments,
        List<Fault> faults) {

    public VendorFacts {
        Objects.requireNonNull(status, "status");
        params = JsonValues.copyOf(params);
        tags = JsonValues.strings(tags);
        attributes = JsonValues.copyOf(attributes);
        steps = steps == null ? List.of() : List.copyOf(steps);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    /** The facts in one copy read from the vendor. */
    public static VendorFacts of(VendorJob copy) {
        return new VendorFacts(copy.type(), copy.name(), copy.status(), copy.statusReason(), copy.vendorStatus(),
                copy.scheduledAt(), copy.startedAt(), copy.completedAt(), copy.params(), copy.tags(), copy.vendorUrl(),
                copy.attributes(), copy.steps(), copy.attachments(), copy.faults());
    }

    public UnifiedStatus unifiedStatus() {
        return new UnifiedStatus(status, statusReason);
    }

    /**
     * These facts, newer than {@code known}, keeping what a thinner copy leaves out: some vendor reads
     * (a list, a webhook) carry no type, name, URL, params, tags or attributes, and their absence does not
     * mean the job lost them. Status, times, steps, attachments and faults are always the newer copy's.
     */
    public VendorFacts over(VendorFacts known) {
        return new VendorFacts(
                type != null ? type : known.type,
                name != null ? name : known.name,
                status, statusReason, vendorStatus, scheduledAt, startedAt, completedAt,
                params.isEmpty() ? known.params : params,
                tags.isEmpty() ? known.tags : tags,
                vendorUrl != null ? vendorUrl : known.vendorUrl,
                attributes.isEmpty() ? known.attributes : attributes,
                steps, attachments, faults);
    }

    /** True when {@code (status, statusReason)} differ: what a history row records. */
    public boolean statusDiffers(VendorFacts other) {
        return status != other.status || statusReason != other.statusReason;
    }
}
