package dev.jobtower.domain.query.contract;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Read;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusChange;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.query.GroupKey;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.domain.query.JobPage;
import dev.jobtower.domain.query.JobQuery;
import dev.jobtower.domain.query.JobSort;
import dev.jobtower.domain.query.JobStats;
import dev.jobtower.domain.query.JobStore;
import dev.jobtower.domain.query.Keyset;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link JobStore} over maps, for use-case tests (ddd-by-examples' {@code InMemoryBookRepo}): it passes
 * the same {@link JobStoreContract} as PostgreSQL, applying copies under {@link Job#observe} as that store
 * does. Every method is atomic (one lock); it keeps no poll schedule and no counts table.
 */
public final class InMemoryJobStore implements JobStore {
    private record Ref(ConnectionId connectionId, Provider provider, String externalId) {
    }

    private final Clock clock;
    private final Map<JobId, Job> jobs = new HashMap<>();
    private final Map<Ref, JobId> byRef = new HashMap<>();
    private final Map<JobId, String> payloads = new HashMap<>();
    private final Map<JobId, List<StatusChange>> histories = new HashMap<>();

    public InMemoryJobStore(Clock clock) {
        this.clock = clock;
    }

    public InMemoryJobStore() {
        this(Clock.systemUTC());
    }

    @Override
    public synchronized Recorded record(TenantId tenantId, ConnectionId connectionId, Provider provider, VendorJob copy,
                                        Source source, Instant readStartedAt, boolean fromVendor) {
        Read read = new Read(source, readStartedAt, clock.instant(), fromVendor);
        Ref ref = new Ref(connectionId, provider, copy.externalId());
        JobId existing = byRef.get(ref);
        if (existing == null) {
            // like the PostgreSQL store: what Job.firstSeen decided, stored as it is
            Job.Observation first = Job.firstSeen(new JobId(UUID.randomUUID()), tenantId, connectionId, provider, copy, read);
            Job fresh = first.job();
            jobs.put(fresh.id(), fresh);
            byRef.put(ref, fresh.id());
            if (copy.rawPayload() != null) {
                payloads.put(fresh.id(), copy.rawPayload());
            }
            histories.put(fresh.id(), new ArrayList<>(first.history().stream().toList()));
            return new Recorded(fresh, true, true, first.history());
        }
        Job stored = jobs.get(existing);
        Job.Observation observation = stored.observe(copy, read);
        Job next = observation.job();
        jobs.put(next.id(), next);
        if (observation.outcome() == Job.Observation.Outcome.APPLIED && copy.rawPayload() != null) {
            payloads.put(next.id(), copy.rawPayload());
        }
        Optional<StatusChange> change = observation.history();
        change.ifPresent(h -> histories.get(stored.id()).add(h));
        return new Recorded(next, false, observation.changed(), change);
    }

    @Override
    public synchronized boolean discardUnconfirmed(TenantId tenantId, ConnectionId connectionId, String externalId) {
        Optional<Job> unconfirmed = jobs.values().stream()
                .filter(j -> j.tenantId().equals(tenantId) && j.connectionId().equals(connectionId)
                        && j.externalId().equals(externalId) && j.syncedAt() == null)
                .findFirst();
        unconfirmed.ifPresent(j -> {
            jobs.remove(j.id());
            byRef.remove(new Ref(j.connectionId(), j.provider(), j.externalId()));
            payloads.remove(j.id());
            histories.remove(j.id());
        });
        return unconfirmed.isPresent();
    }

    @Override
    public synchronized void markStale(JobId id) {
        Job job = jobs.get(id);
        if (job != null && !job.stale()) {
            jobs.put(id, job.markedStale());
        }
    }

    @Override
    public synchronized Optional<Job> find(TenantId tenantId, JobId id) {
        return Optional.ofNullable(jobs.get(id)).filter(j -> j.tenantId().equals(tenantId));
    }

    @Override
    public synchronized Optional<Job> findByExternalId(TenantId tenantId, ConnectionId connectionId, String externalId) {
        return jobs.values().stream().filter(j -> j.tenantId().equals(tenantId) && j.connectionId().equals(connectionId)
                && j.externalId().equals(externalId)).findFirst();
    }

    @Override
    public synchronized Optional<String> rawPayload(TenantId tenantId, JobId id) {
        return find(tenantId, id).map(j -> payloads.get(j.id()));
    }

    @Override
    public synchronized List<StatusChange> history(TenantId tenantId, JobId id) {
        return find(tenantId, id).map(j -> List.copyOf(histories.get(j.id()))).orElse(List.of());
    }

    @Override
    public synchronized JobPage list(TenantId tenantId, JobQuery query) {
        JobSort sort = query.sort();
        Instant asOf = query.after() != null ? query.after().asOf() : clock.instant();
        Comparator<Job> order = Comparator.comparing((Job j) -> sortValue(j, sort)).thenComparing(j -> idOrder(j.id().value()));
        if (sort.descending()) {
            order = order.reversed();
        }
        Keyset after = query.after();
        List<Job> matching = jobs.values().stream()
                .filter(j -> matches(j, tenantId, query.filter()))
                // a job updated after page 1 would move behind the cursor and be listed twice
                .filter(j -> sort != JobSort.UPDATED_AT_ASC || !j.updatedAt().isAfter(asOf))
                .filter(j -> after == null || beyond(j, sort, after))
                .sorted(order)
                .limit(query.limit() + 1L)
                .toList();
        if (matching.size() <= query.limit()) {
            return new JobPage(matching, null);
        }
        List<Job> page = matching.subList(0, query.limit());
        Job last = page.get(page.size() - 1);
        return new JobPage(page, new Keyset(sortValue(last, sort), last.id().value(), asOf));
    }

    @Override
    public synchronized JobStats stats(TenantId tenantId, JobFilter filter, List<GroupKey> groupBy) {
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        long total = 0;
        for (Job job : jobs.values()) {
            if (matches(job, tenantId, filter)) {
                total++;
                counts.merge(groupBy.stream().map(k -> groupValue(job, k)).toList(), 1L, Long::sum);
            }
        }
        if (groupBy.isEmpty()) {
            return new JobStats(total, List.of());
        }
        Comparator<List<String>> byValues = (a, b) -> {
            for (int i = 0; i < a.size(); i++) {
                int c = Comparator.nullsLast(Comparator.<String>naturalOrder()).compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        List<JobStats.Group> groups = counts.entrySet().stream().sorted(Map.Entry.comparingByKey(byValues)).map(e -> {
            Map<GroupKey, String> keys = new EnumMap<>(GroupKey.class);
            for (int i = 0; i < groupBy.size(); i++) {
                keys.put(groupBy.get(i), e.getKey().get(i));
            }
            return new JobStats.Group(keys, e.getValue());
        }).toList();
        return new JobStats(total, groups);
    }

    /** Every stored job of every tenant, for assertions. */
    public synchronized List<Job> all() {
        return List.copyOf(jobs.values());
    }

    private static boolean matches(Job j, TenantId tenantId, JobFilter f) {
        return j.tenantId().equals(tenantId)
                && (f.providers().isEmpty() || f.providers().contains(j.provider()))
                && (f.statuses().isEmpty() || f.statuses().contains(j.status()))
                && (f.statusReasons().isEmpty() || j.statusReason() != null && f.statusReasons().contains(j.statusReason()))
                && (f.types().isEmpty() || j.type() != null && f.types().contains(j.type()))
                && (f.connectionIds().isEmpty() || f.connectionIds().contains(j.connectionId()))
                && (f.externalId() == null || f.externalId().equals(j.externalId()))
                && atOrAfter(j.createdAt(), f.createdAfter()) && before(j.createdAt(), f.createdBefore())
                && atOrAfter(j.updatedAt(), f.updatedAfter()) && before(j.updatedAt(), f.updatedBefore())
                && atOrAfter(j.completedAt(), f.completedAfter()) && before(j.completedAt(), f.completedBefore())
                && (f.overdue() == null || f.overdue() == j.overdue())
                && (f.q() == null || f.q().isEmpty() || searchText(j).contains(f.q().toLowerCase(Locale.ROOT)));
    }

    private static boolean atOrAfter(Instant value, Instant bound) {
        return bound == null || value != null && !value.isBefore(bound);
    }

    private static boolean before(Instant value, Instant bound) {
        return bound == null || value != null && value.isBefore(bound);
    }

    /** What {@code q} searches: name, type and external id (joined so that no match spans two of them). */
    private static String searchText(Job j) {
        return (Objects.toString(j.name(), "") + '\u001f' + Objects.toString(j.type(), "") + '\u001f' + j.externalId())
                .toLowerCase(Locale.ROOT);
    }

    private static Instant sortValue(Job j, JobSort sort) {
        return sort.byUpdatedAt() ? j.updatedAt() : j.createdAt();
    }

    /** UUIDs in PostgreSQL's order (unsigned bytes), which their lower-case text form keeps. */
    private static String idOrder(UUID id) {
        return id.toString();
    }

    private static boolean beyond(Job j, JobSort sort, Keyset after) {
        int c = sortValue(j, sort).compareTo(after.sortValue());
        if (c == 0) {
            c = idOrder(j.id().value()).compareTo(idOrder(after.id()));
        }
        return sort.descending() ? c < 0 : c > 0;
    }

    private static String groupValue(Job j, GroupKey key) {
        return switch (key) {
            case PROVIDER -> j.provider().wireName();
            case STATUS -> j.status().name();
            case STATUS_REASON -> j.statusReason() == null ? null : j.statusReason().name();
            case TYPE -> j.type() == null || j.type().isEmpty() ? null : j.type();
            case CONNECTION_ID -> j.connectionId().value().toString();
        };
    }
}
