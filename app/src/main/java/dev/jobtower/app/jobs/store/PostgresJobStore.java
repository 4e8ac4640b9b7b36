package dev.jobtower.app.jobs.store;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.jobtower.app.db.GroupCommit;
import dev.jobtower.app.ops.JobMetrics;
import dev.jobtower.app.db.Database;
import dev.jobtower.app.db.QueryTimeout;
import dev.jobtower.app.db.Rows;
import dev.jobtower.app.db.Rows.Json;
import dev.jobtower.app.sync.PollRows;
import dev.jobtower.app.sync.PollSettings;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.PollSchedule;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.ProviderRef;
import dev.jobtower.domain.job.Read;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusChange;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.query.GroupKey;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.domain.query.JobPage;
import dev.jobtower.domain.query.JobQuery;
import dev.jobtower.domain.query.JobStats;
import dev.jobtower.domain.query.JobStore;
import dev.jobtower.domain.query.Keyset;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The PostgreSQL {@link JobStore}: one row per (connection, provider, external id), copies applied
 * under {@link Job#observe} with the row locked, history rows only on status changes, counts kept by
 * trigger, lists keyset-paginated.
 */
@Singleton
public class PostgresJobStore implements JobStore {
    static final String SUMMARY_COLUMNS = "j.id, j.tenant_id, j.connection_id, j.provider, j.external_id, j.type, j.name, "
            + "j.status, j.status_reason, j.vendor_status, j.created_at, j.scheduled_at, j.started_at, j.completed_at, "
            + "j.updated_at, j.params, j.tags, j.vendor_url, j.synced_at, j.stale, j.copy_version, j.read_version, j.change_seq, "
            + "j.overdue_since";
    static final String FULL_COLUMNS = SUMMARY_COLUMNS + ", j.attributes, j.steps, j.attachments, j.faults";

    private final Database db;
    private final JsonCodec json;
    private final PollSettings poll;
    private final Clock clock;
    private final JobChangeOutbox outbox;
    private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
    private QueryTimeout queryTimeout = QueryTimeout.none();
    /** Observes the durations of jobs seen finishing (jobtower_job_duration_seconds). */
    @Inject
    JobMetrics metrics;
    /** Groups the records of poller and webhook reads finishing together into shared transactions (GroupCommit). */
    @Inject
    GroupCommit groupCommit;

    public PostgresJobStore(Database db, JsonCodec json, PollSettings poll, Clock clock, JobChangeOutbox outbox) {
        this.db = db;
        this.json = json;
        this.poll = poll;
        this.clock = clock;
        this.outbox = outbox;
    }

    @Override
    public Recorded record(TenantId tenantId, ConnectionId connectionId, Provider provider, VendorJob copy,
                           Source source, Instant readStartedAt, boolean fromVendor) {
        Recorded recorded = recordInTransaction(tenantId, connectionId, provider, copy, source, readStartedAt, fromVendor);
        if (metrics != null && recorded.statusChange().isPresent()) {
            metrics.finished(recorded.job());
        }
        return recorded;
    }

    /**
     * Stores what {@link Job#observe} decided (or {@link Job#firstSeen}, for a new job) and where the
     * {@link PollSchedule} puts the job next: the store decides nothing itself.
     */
    private Recorded recordInTransaction(TenantId tenantId, ConnectionId connectionId, Provider provider, VendorJob copy,
                                         Source source, Instant readStartedAt, boolean fromVendor) {
        Database.Work<Recorded> work = c -> {
            Read read = new Read(source, readStartedAt, clock.instant(), fromVendor);
            Optional<Locked> existing = lockByRef(c, connectionId, provider, copy.externalId());
            if (existing.isEmpty()) {
                Job.Observation first = Job.firstSeen(new JobId(ids.generate()), tenantId, connectionId, provider, copy, read);
                Job fresh = first.job();
                if (insert(c, fresh, poll.schedule().after(first, null).orElseThrow())) {
                    savePayload(c, fresh.id(), copy.rawPayload());
                    insertHistory(c, fresh.id(), first.statusChange());
                    outbox.statusChanged(c, fresh, null, null);
                    return new Recorded(fresh, true, true, first.history());
                }
                // another writer inserted it between our look-up and insert: apply on top of theirs
                existing = lockByRef(c, connectionId, provider, copy.externalId());
            }
            Locked locked = existing.orElseThrow();
            Job stored = locked.job();
            Job.Observation observation = stored.observe(copy, read);
            Job next = observation.job();
            Optional<PollSchedule.Next> schedule = poll.schedule().after(observation, locked.poll().backoff());
            // the vendor's payload goes with the job's update, in the same statement (one round trip, not two)
            String payload = observation.outcome() == Job.Observation.Outcome.APPLIED ? copy.rawPayload() : null;
            // the poll schedule lives in job_poll (V27): written in the same statement as the job's row
            Optional<PollRows.Write> pollWrite = schedule.flatMap(s -> PollRows.write(stored.id(), stored.tenantId(),
                    locked.polled(), s));
            if (observation.changed()) {
                update(c, next, pollWrite, payload);
            } else if (next.stale() != stored.stale() || !java.util.Objects.equals(next.syncedAt(), stored.syncedAt())
                    || !java.util.Objects.equals(next.readVersion(), stored.readVersion())) {
                touchSync(c, next, stored.stale(), pollWrite, payload);
            } else if (pollWrite.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement(with(payload, pollWrite, null))) {
                    Rows.bind(ps, withValues(next.id(), payload, pollWrite).toArray());
                    ps.executeQuery().close();
                }
            } else {
                savePayload(c, next.id(), payload);
            }
            Optional<StatusChange> change = observation.history();
            change.ifPresent(h -> insertHistoryUnchecked(c, stored.id(), h));
            if (change.isPresent()) {
                outbox.statusChanged(c, next, stored.status(), stored.statusReason());
            }
            return new Recorded(next, false, observation.changed(), change);
        };
        // a background read's record (poller, webhooks) joins the records of the reads beside it in one transaction
        return groupCommit == null ? db.write(work) : groupCommit.write(work);
    }

    /** A stored job, locked, with its place in the poll schedule and whether it has a poll row. */
    private record Locked(Job job, PollSchedule.Next poll, boolean polled) {
    }

    private Optional<Locked> lockByRef(Connection c, ConnectionId connectionId, Provider provider, String externalId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + FULL_COLUMNS + ", " + PollRows.COLUMNS
                + " from job j" + PollRows.JOIN + " where j.connection_id = ? and j.provider = ? and j.external_id = ? "
                + "for update of j")) {
            Rows.bind(ps, connectionId.value(), provider.wireName(), externalId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Locked(full(rs), PollRows.read(rs), PollRows.polled(rs))) : Optional.empty();
            }
        }
    }

    private boolean insert(Connection c, Job job, PollSchedule.Next poll) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into job (id, tenant_id, connection_id, provider, external_id, "
                + "type, name, status, status_reason, vendor_status, created_at, scheduled_at, started_at, completed_at, "
                + "updated_at, params, tags, vendor_url, attributes, steps, attachments, faults, synced_at, stale, "
                + "copy_version, read_version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (connection_id, provider, external_id) do nothing")) {
            Rows.bind(ps, job.id().value(), job.tenantId().value(), job.connectionId().value(), job.provider().wireName(),
                    job.externalId(), job.type(), job.name(), job.status().name(), reason(job.statusReason()),
                    job.vendorStatus(), job.createdAt(), job.scheduledAt(), job.startedAt(), job.completedAt(),
                    job.updatedAt(), new Json(json.write(job.params())), new Json(json.write(job.tags())),
                    job.vendorUrl(), new Json(json.write(job.attributes())), new Json(json.write(job.steps())),
                    new Json(json.write(job.attachments())), new Json(json.write(job.faults())), job.syncedAt(),
                    job.stale(), job.copyVersion(), job.readVersion());
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        Optional<PollRows.Write> pollWrite = PollRows.write(job.id(), job.tenantId(), false, poll);
        if (pollWrite.isPresent()) {
            try (PreparedStatement ps = c.prepareStatement(pollWrite.get().sql())) {
                Rows.bind(ps, pollWrite.get().values().toArray());
                ps.executeUpdate();
            }
        }
        return true;
    }

    /**
     * The head of a job's update: {@code with} the payload's upsert ({@link #SAVE_PAYLOAD}) and the poll row's write
     * ({@link PollRows#write}), each when there is one, then {@code tail}; {@code null} tail: a statement of its own
     * ({@code select 1}) when only they are written.
     */
    private static String with(String payload, Optional<PollRows.Write> poll, String tail) {
        List<String> ctes = new ArrayList<>();
        if (payload != null) {
            ctes.add("saved_payload as (" + SAVE_PAYLOAD + ")");
        }
        poll.ifPresent(w -> ctes.add("poll_schedule as (" + w.sql() + ")"));
        String head = ctes.isEmpty() ? "" : "with " + String.join(", ", ctes) + " ";
        return head + (tail == null ? "select 1" : tail);
    }

    /** The values of {@link #with}: the payload's, the poll row's, then the tail's. */
    private static List<Object> withValues(JobId id, String payload, Optional<PollRows.Write> poll) {
        List<Object> values = payloadValues(id, payload);
        poll.ifPresent(w -> values.addAll(w.values()));
        return values;
    }

    private void update(Connection c, Job job, Optional<PollRows.Write> poll, String payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(with(payload, poll, "update job set type = ?, name = ?, status = ?, status_reason = ?, "
                + "vendor_status = ?, scheduled_at = ?, started_at = ?, completed_at = ?, updated_at = ?, params = ?, "
                + "tags = ?, vendor_url = ?, attributes = ?, steps = ?, attachments = ?, faults = ?, synced_at = ?, "
                + "stale = ?, copy_version = ?, read_version = ?, version = version + 1, change_seq = nextval('job_change_seq') "
                + "where id = ?"))) {
            List<Object> values = withValues(job.id(), payload, poll);
            values.addAll(java.util.Arrays.asList(job.type(), job.name(), job.status().name(), reason(job.statusReason()),
                    job.vendorStatus(), job.scheduledAt(), job.startedAt(), job.completedAt(), job.updatedAt(),
                    new Json(json.write(job.params())), new Json(json.write(job.tags())), job.vendorUrl(),
                    new Json(json.write(job.attributes())), new Json(json.write(job.steps())),
                    new Json(json.write(job.attachments())), new Json(json.write(job.faults())), job.syncedAt(),
                    job.stale(), job.copyVersion(), job.readVersion(), job.id().value()));
            Rows.bind(ps, values.toArray());
            ps.executeUpdate();
        }
    }

    /**
     * A read that found nothing new: its sync bookkeeping and, when the schedule moved (a poll backs off),
     * the job's poll row, in one statement. Not a change for the event stream, unless it cleared staleness.
     * No column it sets on {@code job} is indexed (nor, unless staleness changed, named by a trigger), so
     * PostgreSQL can make it a HOT update: no index entry of the wide row is added.
     */
    private void touchSync(Connection c, Job job, boolean wasStale, Optional<PollRows.Write> poll, String payload)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(with(payload, poll, "update job set "
                + (job.stale() != wasStale ? "change_seq = nextval('job_change_seq'), " : "")
                + "synced_at = ?, stale = ?, read_version = ? where id = ?"))) {
            List<Object> values = withValues(job.id(), payload, poll);
            values.addAll(java.util.Arrays.asList(job.syncedAt(), job.stale(), job.readVersion()));
            values.add(job.id().value());
            Rows.bind(ps, values.toArray());
            ps.executeUpdate();
        }
    }

    /**
     * Keeps the vendor's last payload of a job: written when it differs from the one stored (a re-read that
     * finds the same answer rewrites nothing: no dead row, no WAL for the payload).
     */
    private static final String SAVE_PAYLOAD = "insert into job_payload (job_id, payload) values (?, ?) "
            + "on conflict (job_id) do update set payload = excluded.payload "
            + "where job_payload.payload is distinct from excluded.payload";

    /** The values of {@link #with}'s payload upsert, to which the others are added. */
    private static List<Object> payloadValues(JobId id, String payload) {
        List<Object> values = new ArrayList<>();
        if (payload != null) {
            values.add(id.value());
            values.add(payload);
        }
        return values;
    }

    private void savePayload(Connection c, JobId id, String payload) throws SQLException {
        if (payload == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(SAVE_PAYLOAD)) {
            Rows.bind(ps, id.value(), payload);
            ps.executeUpdate();
        }
    }

    private static void insertHistory(Connection c, JobId id, StatusChange change) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into job_history (job_id, at, status, status_reason, "
                + "vendor_status, source) values (?, ?, ?, ?, ?, ?)")) {
            Rows.bind(ps, id.value(), change.at(), change.status().name(), reason(change.statusReason()),
                    change.vendorStatus(), change.source().wireName());
            ps.executeUpdate();
        }
    }

    private static void insertHistoryUnchecked(Connection c, JobId id, StatusChange change) {
        try {
            insertHistory(c, id, change);
        } catch (SQLException e) {
            throw new dev.jobtower.app.db.DatabaseException(e);
        }
    }

    @Override
    public boolean discardUnconfirmed(TenantId tenantId, ConnectionId connectionId, String externalId) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from job where tenant_id = ? and connection_id = ? "
                    + "and external_id = ? and synced_at is null")) {
                Rows.bind(ps, tenantId.value(), connectionId.value(), externalId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void markStale(JobId id) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update job set stale = true, "
                    + "change_seq = nextval('job_change_seq') where id = ? and not stale")) {
                Rows.bind(ps, id.value());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Job> find(TenantId tenantId, JobId id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + FULL_COLUMNS
                    + " from job j where j.tenant_id = ? and j.id = ?")) {
                Rows.bind(ps, tenantId.value(), id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(full(rs)) : Optional.empty();
                }
            }
        });
    }

    /** A job as it stands inside the caller's transaction (for writers that announce what they changed). */
    public Optional<Job> findIn(Connection c, TenantId tenantId, JobId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + FULL_COLUMNS + " from job j where j.tenant_id = ? and j.id = ?")) {
            Rows.bind(ps, tenantId.value(), id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(full(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<Job> findByExternalId(TenantId tenantId, ConnectionId connectionId, String externalId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + FULL_COLUMNS
                    + " from job j where j.tenant_id = ? and j.connection_id = ? and j.external_id = ?")) {
                Rows.bind(ps, tenantId.value(), connectionId.value(), externalId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(full(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<String> rawPayload(TenantId tenantId, JobId id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select p.payload from job j join job_payload p "
                    + "on p.job_id = j.id where j.tenant_id = ? and j.id = ?")) {
                Rows.bind(ps, tenantId.value(), id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StatusChange> history(TenantId tenantId, JobId id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select h.at, h.status, h.status_reason, h.vendor_status, "
                    + "h.source from job_history h join job j on j.id = h.job_id where j.tenant_id = ? and j.id = ? "
                    + "order by h.id")) {
                Rows.bind(ps, tenantId.value(), id.value());
                List<StatusChange> changes = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changes.add(new StatusChange(Rows.instant(rs, "at"), JobStatus.valueOf(rs.getString("status")),
                                reason(rs.getString("status_reason")), rs.getString("vendor_status"),
                                Source.valueOf(rs.getString("source").toUpperCase(Locale.ROOT))));
                    }
                }
                return changes;
            }
        });
    }

    /** List and stats run under {@code JOBTOWER_QUERY_TIMEOUT} (503 query-timeout when cancelled). */
    @Inject
    void useQueryTimeout(QueryTimeout timeout) {
        this.queryTimeout = timeout;
    }

    @Override
    public JobPage list(TenantId tenantId, JobQuery query) {
        JobListSql sql = JobListSql.of(tenantId, query);
        // a search first walks the newest jobs of its other filters (bounded); only when they hold less than
        // a page does it take the trigram index (JobListSql#walk)
        JobListSql walk = JobListSql.walkable(query.filter()) && searchWalkRows > 0
                ? JobListSql.walk(tenantId, query, searchWalkRows) : null;
        // a first page may come from the read replica; a cursor's next page reads the primary, so it never
        // goes back in time behind the page before it
        Database.Work<JobPage> work = c -> {
            List<Job> jobs = walk == null ? List.of() : select(c, walk, query.filter());
            if (jobs.size() <= query.limit()) {
                jobs = select(c, sql, query.filter());
            }
            Keyset next = null;
            if (jobs.size() > query.limit()) {
                jobs = jobs.subList(0, query.limit());
                Job last = jobs.get(jobs.size() - 1);
                next = new Keyset(query.sort().byUpdatedAt() ? last.updatedAt() : last.createdAt(),
                        last.id().value(), query.after() != null ? query.after().asOf() : sql.asOf());
            }
            return new JobPage(jobs, next);
        };
        return query.after() == null ? queryTimeout.replicaRead(db, work) : queryTimeout.read(db, work);
    }

    /**
     * How many of the newest jobs a search reads in order before it takes the trigram index
     * (JobListSql#walk; README "Search at scale"). Package-private so a test can make the walk short.
     */
    int searchWalkRows = 3000;

    private List<Job> select(Connection c, JobListSql sql, JobFilter filter) throws SQLException {
        try (PreparedStatement ps = queryTimeout.prepare(c, sql.text())) {
            planPerExecution(ps, filter);
            Rows.bind(ps, sql.parameters().toArray());
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(summary(rs));
                }
            }
            return jobs;
        }
    }

    @Override
    public JobStats stats(TenantId tenantId, JobFilter filter, List<GroupKey> groupBy) {
        boolean fromCounts = filter.onlyGroupableDimensions();
        String table = fromCounts ? "job_count j" : "job j";
        List<Object> params = new ArrayList<>();
        String where = JobListSql.where(tenantId, filter, params, fromCounts);
        String columns = groupBy.stream().map(PostgresJobStore::groupColumn).collect(Collectors.joining(", "));
        String countExpr = fromCounts ? "sum(j.count)" : "count(*)";
        String text = "select " + (columns.isEmpty() ? "" : columns + ", ") + countExpr + " as n from " + table
                + " where " + where + (columns.isEmpty() ? "" : " group by " + columns)
                + (fromCounts ? " having sum(j.count) > 0" : "") + (columns.isEmpty() ? "" : " order by " + columns);
        return queryTimeout.replicaRead(db, c -> {
            try (PreparedStatement ps = queryTimeout.prepare(c, text)) {
                planPerExecution(ps, filter);
                Rows.bind(ps, params.toArray());
                List<JobStats.Group> groups = new ArrayList<>();
                long total = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong("n");
                        if (n == 0) {
                            continue;
                        }
                        total += n;
                        Map<GroupKey, String> keys = new EnumMap<>(GroupKey.class);
                        for (int i = 0; i < groupBy.size(); i++) {
                            String value = rs.getString(i + 1);
                            keys.put(groupBy.get(i), value == null || value.isEmpty() ? null : value);
                        }
                        groups.add(new JobStats.Group(keys, n));
                    }
                }
                return new JobStats(total, groupBy.isEmpty() ? List.of() : groups);
            }
        });
    }

    /**
     * A substring search must be planned for its own pattern: after five executions PostgreSQL would
     * switch to a generic plan that scans the whole tenant (measured at 1 M jobs: 38 → 846 per second
     * with a plan per execution; bench/RESULTS.md).
     */
    private static void planPerExecution(PreparedStatement ps, JobFilter filter) throws SQLException {
        if (filter.q() != null && !filter.q().isEmpty()) {
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
        }
    }

    static String groupColumn(GroupKey key) {
        return switch (key) {
            case PROVIDER -> "j.provider";
            case STATUS -> "j.status";
            case STATUS_REASON -> "nullif(j.status_reason, '')";
            case TYPE -> "nullif(j.type, '')";
            case CONNECTION_ID -> "j.connection_id::text";
        };
    }

    Job summary(ResultSet rs) throws SQLException {
        return map(rs, false);
    }

    private Job full(ResultSet rs) throws SQLException {
        return map(rs, true);
    }

    private Job map(ResultSet rs, boolean full) throws SQLException {
        return new Job(new JobId(Rows.uuid(rs, "id")), new TenantId(Rows.uuid(rs, "tenant_id")),
                new ConnectionId(Rows.uuid(rs, "connection_id")),
                new ProviderRef(Provider.of(rs.getString("provider")), rs.getString("external_id")),
                rs.getString("type"), rs.getString("name"), JobStatus.valueOf(rs.getString("status")),
                reason(rs.getString("status_reason")), rs.getString("vendor_status"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "scheduled_at"), Rows.instant(rs, "started_at"), Rows.instant(rs, "completed_at"),
                Rows.instant(rs, "updated_at"), json.map(rs.getString("params")), json.strings(rs.getString("tags")),
                rs.getString("vendor_url"), full ? json.map(rs.getString("attributes")) : Map.of(),
                full ? json.steps(rs.getString("steps")) : List.of(),
                full ? json.attachments(rs.getString("attachments")) : List.of(),
                full ? json.faults(rs.getString("faults")) : List.of(),
                Rows.instant(rs, "synced_at"), rs.getBoolean("stale"), Rows.instant(rs, "copy_version"),
                Rows.instant(rs, "read_version"), Rows.instant(rs, "overdue_since"));
    }

    private static String reason(StatusReason reason) {
        return reason == null ? null : reason.name();
    }

    private static StatusReason reason(String text) {
        return text == null || text.isEmpty() ? null : StatusReason.valueOf(text);
    }
}
