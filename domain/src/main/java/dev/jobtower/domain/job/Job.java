package dev.jobtower.domain.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job Jobtower follows: what its vendor says about it ({@link VendorFacts}, one value) plus what
 * Jobtower knows about it.
 *
 * @param createdAt    the vendor's creation time, else when Jobtower first saw the job; never changes
 * @param updatedAt    when the vendor's facts last changed
 * @param syncedAt     when the vendor was last read successfully for this job; {@code null} until then
 * @param copyVersion  the vendor's own update time of the copy applied last, or {@code null} when the vendor
 *                     gives none
 * @param readVersion  when the read that produced the applied copy started
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
        Instant createdAt,
        VendorFacts facts,
        Instant updatedAt,
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
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A job in the flat shape of a stored row (column by column). */
    public Job(JobId id, TenantId tenantId, ConnectionId connectionId, ProviderRef ref, String type, String name,
               JobStatus status, StatusReason statusReason, String vendorStatus, Instant createdAt,
               Instant scheduledAt, Instant startedAt, Instant completedAt, Instant updatedAt,
               Map<String, Object> params, List<String> tags, String vendorUrl, Map<String, Object> attributes,
               List<Step> steps, List<Attachment> attachments, List<Fault> faults, Instant syncedAt, boolean stale,
               Instant copyVersion, Instant readVersion, Instant overdueSince) {
        this(id, tenantId, connectionId, ref, createdAt, new VendorFacts(type, name, status, statusReason, vendorStatus,
                        scheduledAt, startedAt, completedAt, params, tags, vendorUrl, attributes, steps, attachments, faults),
                updatedAt, syncedAt, stale, copyVersion, readVersion, overdueSince);
    }

    public String type() {
        return facts.type();
    }

    public String name() {
        return facts.name();
    }

    public JobStatus status() {
        return facts.status();
    }

    public StatusReason statusReason() {
        return facts.statusReason();
    }

    public String vendorStatus() {
        return facts.vendorStatus();
    }

    public Instant scheduledAt() {
        return facts.scheduledAt();
    }

    public Instant startedAt() {
        return facts.startedAt();
    }

    public Instant completedAt() {
        return facts.completedAt();
    }

    public Map<String, Object> params() {
        return facts.params();
    }

    public List<String> tags() {
        return facts.tags();
    }

    public String vendorUrl() {
        return facts.vendorUrl();
    }

    public Map<String, Object> attributes() {
        return facts.attributes();
    }

    public List<Step> steps() {
        return facts.steps();
    }

    public List<Attachment> attachments() {
        return facts.attachments();
    }

    public List<Fault> faults() {
        return facts.faults();
    }

    /** True while the job has not finished and the overdue sweep found it past its deadline. */
    public boolean overdue() {
        return overdueSince != null && !status().isTerminal();
    }

    public Provider provider() {
        return ref.provider();
    }

    public String externalId() {
        return ref.externalId();
    }

    public UnifiedStatus unifiedStatus() {
        return facts.unifiedStatus();
    }

    /**
     * A job seen for the first time in {@code copy}: {@code createdAt} is the vendor's creation time, else
     * now; {@code syncedAt} is set only when the copy came from the vendor. Its first history row is
     * written whatever its status.
     */
    public static Observation firstSeen(JobId id, TenantId tenantId, ConnectionId connectionId, Provider provider,
                                        VendorJob copy, Read read) {
        Instant now = read.appliedAt();
        Job job = new Job(id, tenantId, connectionId, new ProviderRef(provider, copy.externalId()),
                copy.createdAt() != null ? copy.createdAt() : now, copy.facts(), now,
                read.fromVendor() ? now : null, false, copy.vendorUpdatedAt(), read.startedAt(), null);
        return new Observation(job, read, true, true, job.historyRow(read), Observation.Outcome.APPLIED);
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
     * Applies one copy and returns the job to store, whole: the facts under the ordering rules (an older
     * copy never overwrites a newer one; a terminal status never moves back to a non-terminal one; known
     * facts are not erased by a thinner copy, see {@link VendorFacts#over}), {@code updatedAt} moved only
     * when the facts changed, the sync bookkeeping (a read from the vendor sets {@code syncedAt} and clears
     * {@code stale} even when its copy is ignored; a copy Jobtower made itself touches neither), and the
     * history row when {@code (status, statusReason)} changed.
     *
     * <p>{@code createdAt} never changes once stored, so a createdAt-sorted listing stays stable.
     */
    public Observation observe(VendorJob copy, Read read) {
        Objects.requireNonNull(copy, "copy");
        if (!copy.externalId().equals(externalId())) {
            throw new IllegalArgumentException("copy of " + copy.externalId() + " observed on job " + externalId());
        }
        Instant synced = read.fromVendor() ? latest(syncedAt, read.appliedAt()) : syncedAt;
        boolean isStale = !read.fromVendor() && stale;
        boolean older = isNewerThan(copy, read.startedAt());
        if (older || (status().isTerminal() && !copy.status().isTerminal())) {
            return new Observation(withSync(synced, isStale), read, false, false, null,
                    older ? Observation.Outcome.OLDER_COPY_IGNORED : Observation.Outcome.TERMINAL_KEPT);
        }
        VendorFacts next = copy.facts().over(facts);
        boolean changed = !next.equals(facts);
        Job applied = new Job(id, tenantId, connectionId, ref, createdAt, next, changed ? read.appliedAt() : updatedAt,
                synced, isStale, latest(copyVersion, copy.vendorUpdatedAt()), latest(readVersion, read.startedAt()),
                overdueSince);
        return new Observation(applied, read, false, changed,
                next.statusDiffers(facts) ? applied.historyRow(read) : null, Observation.Outcome.APPLIED);
    }

    private StatusChange historyRow(Read read) {
        return new StatusChange(read.appliedAt(), status(), statusReason(), vendorStatus(), read.source());
    }

    /** The job after a failed vendor read: still served, marked stale. */
    public Job markedStale() {
        return withSync(syncedAt, true);
    }

    private Job withSync(Instant synced, boolean isStale) {
        return new Job(id, tenantId, connectionId, ref, createdAt, facts, updatedAt, synced, isStale, copyVersion,
                readVersion, overdueSince);
    }

    /**
     * What applying one copy did to a job: the job to store, whole.
     *
     * @param created       the job was seen for the first time
     * @param changed       its vendor facts changed (and with them {@code updatedAt})
     * @param statusChange  the history row to write, or {@code null} when {@code (status, statusReason)} stayed
     */
    public record Observation(Job job, Read read, boolean created, boolean changed, StatusChange statusChange,
                              Outcome outcome) {
        /** Whether the copy was applied, and if not, which rule kept the stored job. */
        public enum Outcome { APPLIED, OLDER_COPY_IGNORED, TERMINAL_KEPT }

        /** The history row to write, if any. */
        public Optional<StatusChange> history() {
            return Optional.ofNullable(statusChange);
        }
    }
}
