package dev.jobtower.domain.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A copy of one job exactly as one read of its vendor returned it, already translated into the
 * unified vocabulary by the vendor's adapter.
 *
 * @param vendorUpdatedAt the vendor's own update time, when it gives one: orders copies
 * @param rawPayload      the vendor's JSON for this job, verbatim (minus parts too large to keep), for {@code /raw}
 */
public record VendorJob(
        String externalId,
        String type,
        String name,
        JobStatus status,
        StatusReason statusReason,
        String vendorStatus,
        Instant createdAt,
        Instant scheduledAt,
        Instant startedAt,
        Instant completedAt,
        Instant vendorUpdatedAt,
        Map<String, Object> params,
        List<String> tags,
        String vendorUrl,
        Map<String, Object> attributes,
        List<Step> steps,
        List<Attachment> attachments,
        List<Fault> faults,
        String rawPayload) {

    public VendorJob {
        externalId = ProviderRef.requireExternalId(externalId);
        Objects.requireNonNull(status, "status");
        params = JsonValues.copyOf(params);
        tags = JsonValues.strings(tags);
        attributes = JsonValues.copyOf(attributes);
        steps = steps == null ? List.of() : List.copyOf(steps);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    public UnifiedStatus unifiedStatus() {
        return new UnifiedStatus(status, statusReason);
    }

    /** What this copy says about the job, as one value (compared with a stored job's by equality). */
    public VendorFacts facts() {
        return VendorFacts.of(this);
    }

    public static Builder builder(String externalId) {
        return new Builder(externalId);
    }

    public Builder toBuilder() {
        return new Builder(externalId).type(type).name(name).status(status).statusReason(statusReason)
                .vendorStatus(vendorStatus).createdAt(createdAt).scheduledAt(scheduledAt).startedAt(startedAt)
                .completedAt(completedAt).vendorUpdatedAt(vendorUpdatedAt).params(params).tags(tags)
                .vendorUrl(vendorUrl).attributes(attributes).steps(steps).attachments(attachments).faults(faults)
                .rawPayload(rawPayload);
    }

    /** Builds a {@link VendorJob}; a new job starts {@code QUEUED}. */
    public static final class Builder {
        private final String externalId;
        private String type;
        private String name;
        private JobStatus status = JobStatus.QUEUED;
        private StatusReason statusReason;
        private String vendorStatus;
        private Instant createdAt;
        private Instant scheduledAt;
        private Instant startedAt;
        private Instant completedAt;
        private Instant vendorUpdatedAt;
        private Map<String, Object> params;
        private List<String> tags;
        private String vendorUrl;
        private Map<String, Object> attributes;
        private List<Step> steps;
        private List<Attachment> attachments;
        private List<Fault> faults;
        private String rawPayload;

        private Builder(String externalId) {
            this.externalId = externalId;
        }

        public Builder type(String v) { this.type = v; return this; }
        public Builder name(String v) { this.name = v; return this; }
        public Builder status(JobStatus v) { this.status = v; return this; }
        public Builder statusReason(StatusReason v) { this.statusReason = v; return this; }
        public Builder status(UnifiedStatus v) { this.status = v.status(); this.statusReason = v.reason(); return this; }
        public Builder vendorStatus(String v) { this.vendorStatus = v; return this; }
        public Builder createdAt(Instant v) { this.createdAt = v; return this; }
        public Builder scheduledAt(Instant v) { this.scheduledAt = v; return this; }
        public Builder startedAt(Instant v) { this.startedAt = v; return this; }
        public Builder completedAt(Instant v) { this.completedAt = v; return this; }
        public Builder vendorUpdatedAt(Instant v) { this.vendorUpdatedAt = v; return this; }
        public Builder params(Map<String, Object> v) { this.params = v; return this; }
        public Builder tags(List<String> v) { this.tags = v; return this; }
        public Builder vendorUrl(String v) { this.vendorUrl = v; return this; }
        public Builder attributes(Map<String, Object> v) { this.attributes = v; return this; }
        public Builder steps(List<Step> v) { this.steps = v; return this; }
        public Builder attachments(List<Attachment> v) { this.attachments = v; return this; }
        public Builder faults(List<Fault> v) { this.faults = v; return this; }
        public Builder rawPayload(String v) { this.rawPayload = v; return this; }

        public VendorJob build() {
            return new VendorJob(externalId, type, name, status, statusReason, vendorStatus, createdAt, scheduledAt,
                    startedAt, completedAt, vendorUpdatedAt, params, tags, vendorUrl, attributes, steps, attachments,
                    faults, rawPayload);
        }
    }
}
