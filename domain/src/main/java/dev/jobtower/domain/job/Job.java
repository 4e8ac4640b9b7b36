package dev.jobtower.domain.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job Jobtower follows: the latest applied vendor copy plus what Jobtower knows about it.
 *
 * @param copyVersion the vendor's own update time of the copy applied last, or {@code null} when the vendor
 *                    gives none
 * @param readVersion when the read that produced the applied copy started
 * @param overdueSince when the overdue sweep found the job past its deadline (API.md "Analytics"), or
 *                     {@code null}; kept once the job finishes, but {@link #overdue()} is then false
 *
 * <p>Copies are ordered by the vendor's update time where both have one, else by when their reads
 * started: two clocks are never compared with each other.
 */
public record Job(
        JobId id,
        TenantId tenantId,
        ConnectionId connectionId,
        ProviderRef ref,
        String type,
        String name,
        JobStatus status,
        StatusReason statusReason,
        String vendorStatus,
        Instant createdAt,
        Instant scheduledAt,
        Instant startedAt,
        Instant completedAt,
        Instant updatedAt,
        Map<String, Object> params,
        List<String> tags,
        String vendorUrl,
        Map<String, Object> attributes,
        List<Step> steps,
        List<Attachment> attachments,
        List<Fault> faults,
        Instant syncedAt,
        boolean stale,
        Instant copyVersion,
        Instant readVersion,
        Instant overdueSince) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        params = JsonValues.copyOf(params);
        tags = JsonValues.strings(tags);
        attributes = JsonValues.copyOf(attributes);
        steps = steps == null ? List.of() : List.copyOf(steps);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    /** A job the overdue sweep has not marked (the shape before overdue tracking). */
    public Job(JobId id, TenantId tenantId, ConnectionId connectionId, ProviderRef ref, String type, String name,
               JobStatus status, StatusReason statusReason, String vendorStatus, Instant createdAt,
               Instant scheduledAt, Instant startedAt, Instant completedAt, Instant updatedAt,
               Map<String, Object> params, List<String> tags, String vendorUrl, Map<String, Object> attributes,
               List<Step> steps, List<Attachment> attachments, List<Fault> faults, Instant syncedAt, boolean stale,
               Instant copyVersion, Instant readVersion) {
        this(id, tenantId, connectionId, ref, type, name, status, statusReason, vendorStatus, createdAt, scheduledAt,
                startedAt, completedAt, updatedAt, params, tags, vendorUrl, attributes, steps, attachments, faults,
                syncedAt, stale, copyVersion, readVersion, null);
    }

    /** True while the job has not finished and the overdue sweep found it past its deadline. */
    public boolean overdue() {
        return overdueSince != null && !status.isTerminal();
    }

    public Provider provider() {
        return ref.provider();
    }

    public String externalId() {
        return ref.externalId();
    }

    public UnifiedStatus unifiedStatus() {
        return new UnifiedStatus(status, statusReason);
    }

    /**
     * The job as first seen in {@code copy}. {@code createdAt} is the vendor's creation time, else now.
     *
     * @param syncedAt when the vendor was last read successfully for this job; {@code null} when the copy
     *                 was not read from the vendor (a job stored before its create call)
     */
    public static Job firstSeen(JobId id, TenantId tenantId, ConnectionId connectionId, Provider provider,
                                VendorJob copy, Instant readStartedAt, Instant now, Instant syncedAt) {
        return new Job(id, tenantId, connectionId, new ProviderRef(provider, copy.externalId()), copy.type(),
                copy.name(), copy.status(), copy.statusReason(), copy.vendorStatus(),
                copy.createdAt() != null ? copy.createdAt() : now, copy.scheduledAt(), copy.startedAt(),
                copy.completedAt(), now, copy.params(), copy.tags(), copy.vendorUrl(), copy.attributes(),
                copy.steps(), copy.attachments(), copy.faults(), syncedAt, false, copy.vendorUpdatedAt(), readStartedAt);
    }

    /** True when {@code copy}, read at {@code readStartedAt}, is older than the copy applied last. */
    public boolean isNewerThan(VendorJob copy, Instant readStartedAt) {
        if (copy.vendorUpdatedAt() != null && copyVersion != null) {
            return copy.vendorUpdatedAt().isBefore(copyVersion);
        }
        return readVersion != null && readStartedAt.isBefore(readVersion);
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /**
     * Applies a copy read from the vendor, under the ordering rules: an older copy never overwrites
     * a newer one, and a terminal status never moves back to a non-terminal one. The read itself
     * succeeded, so the job is no longer stale either way.
     *
     * <p>{@code createdAt} never changes once stored, so a createdAt-sorted listing stays stable.
     */
    public Observation observe(VendorJob copy, Instant readStartedAt, Instant now) {
        Objects.requireNonNull(copy, "copy");
        if (!copy.externalId().equals(externalId())) {
            throw new IllegalArgumentException("copy of " + copy.externalId() + " observed on job " + externalId());
        }
        boolean older = isNewerThan(copy, readStartedAt);
        boolean regression = status.isTerminal() && !copy.status().isTerminal();
        Instant synced = syncedAt == null || now.isAfter(syncedAt) ? now : syncedAt;
        if (older || regression) {
            Job touched = withSync(synced, false);
            return new Observation(touched, false, null, older ? Observation.Outcome.OLDER_COPY_IGNORED
                    : Observation.Outcome.TERMINAL_KEPT);
        }
        Job candidate = new Job(id, tenantId, connectionId, ref,
                copy.type() != null ? copy.type() : type,
                copy.name() != null ? copy.name() : name,
                copy.status(), copy.statusReason(), copy.vendorStatus(),
                createdAt,
                copy.scheduledAt(), copy.startedAt(), copy.completedAt(), updatedAt,
                copy.params().isEmpty() ? params : copy.params(),
                copy.tags().isEmpty() ? tags : copy.tags(),
                copy.vendorUrl() != null ? copy.vendorUrl() : vendorUrl,
                copy.attributes().isEmpty() ? attributes : copy.attributes(),
                copy.steps(), copy.attachments(), copy.faults(),
                synced, false, latest(copyVersion, copy.vendorUpdatedAt()), latest(readVersion, readStartedAt),
                overdueSince);
        boolean changed = !candidate.sameContentAs(this);
        boolean statusChanged = candidate.status != status || candidate.statusReason != statusReason;
        Job applied = changed ? candidate.withUpdatedAt(now) : candidate;
        return new Observation(applied, changed,
                statusChanged ? new StatusChange(now, applied.status, applied.statusReason, applied.vendorStatus, Source.POLL) : null,
                Observation.Outcome.APPLIED);
    }

    /** The job after a failed vendor read: still served, marked stale. */
    public Job markedStale() {
        return withSync(syncedAt, true);
    }

    private Job withSync(Instant synced, boolean isStale) {
        return new Job(id, tenantId, connectionId, ref, type, name, status, statusReason, vendorStatus, createdAt,
                scheduledAt, startedAt, completedAt, updatedAt, params, tags, vendorUrl, attributes, steps,
                attachments, faults, synced, isStale, copyVersion, readVersion, overdueSince);
    }

    private Job withUpdatedAt(Instant at) {
        return new Job(id, tenantId, connectionId, ref, type, name, status, statusReason, vendorStatus, createdAt,
                scheduledAt, startedAt, completedAt, at, params, tags, vendorUrl, attributes, steps,
                attachments, faults, syncedAt, stale, copyVersion, readVersion, overdueSince);
    }

    /** True when both carry the same vendor facts (ignoring sync bookkeeping and {@code updatedAt}). */
    public boolean sameContentAs(Job other) {
        return Objects.equals(type, other.type) && Objects.equals(name, other.name) && status == other.status
                && statusReason == other.statusReason && Objects.equals(vendorStatus, other.vendorStatus)
                && Objects.equals(scheduledAt, other.scheduledAt) && Objects.equals(startedAt, other.startedAt)
                && Objects.equals(completedAt, other.completedAt) && Objects.equals(params, other.params)
                && Objects.equals(tags, other.tags) && Objects.equals(vendorUrl, other.vendorUrl)
                && Objects.equals(attributes, other.attributes) && Objects.equals(steps, other.steps)
                && Objects.equals(attachments, other.attachments) && Objects.equals(faults, other.faults);
    }

    /** What applying one copy did to a job. */
    public record Observation(Job job, boolean changed, StatusChange statusChange, Outcome outcome) {
        /** Whether the copy was applied, and if not, which rule kept the stored job. */
        public enum Outcome { APPLIED, OLDER_COPY_IGNORED, TERMINAL_KEPT }

        /** The history row to write, stamped with what made Jobtower read the copy. */
        public Optional<StatusChange> statusChange(Source source) {
            return Optional.ofNullable(statusChange)
                    .map(c -> new StatusChange(c.at(), c.status(), c.statusReason(), c.vendorStatus(), source));
        }
    }
}
