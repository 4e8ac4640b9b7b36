package dev.jobtower.app.jobs.store;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.db.Rows;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.TenantId;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the job table in {@code change_seq} order for the event stream, and the two facts the tail
 * reader needs to know which sequence numbers are settled (see V2__job_change_feed.sql).
 */
@Singleton
public class JobChanges {
    /** The advisory lock every job writer holds in shared mode from taking a change number until it ends. */
    static final int LOCK_CLASS = 1246917;
    static final int LOCK_OBJECT = 1;

    private final Database db;
    private final PostgresJobStore store;

    public JobChanges(Database db, PostgresJobStore store) {
        this.db = db;
        this.store = store;
    }

    /** A stored job as of one change, as a list shows it (a summary). */
    public record JobChange(long seq, Job job) {
    }

    /** The highest change number handed out so far (0 before the first), committed or not. */
    public long lastIssued() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select case when is_called then last_value else 0 end from job_change_seq");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * The virtual transaction ids of the job writers open right now (in this database): those that
     * may still commit a change number they took.
     */
    public Set<String> openWriters() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select l.virtualtransaction from pg_locks l "
                    + "where l.locktype = 'advisory' and l.classid = " + LOCK_CLASS + " and l.objid = " + LOCK_OBJECT
                    + " and l.objsubid = 2 "
                    + "and l.database = (select oid from pg_database where datname = current_database())")) {
                Set<String> writers = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        writers.add(rs.getString(1));
                    }
                }
                return writers;
            }
        });
    }

    /** Every tenant's jobs whose current change number is in {@code (after, upTo]}, in change order. */
    public List<JobChange> range(long after, long upTo, int limit) {
        return read(null, after, upTo, limit);
    }

    /** One tenant's jobs whose current change number is in {@code (after, upTo]}, in change order. */
    public List<JobChange> rangeOf(TenantId tenant, long after, long upTo, int limit) {
        return read(tenant, after, upTo, limit);
    }

    private List<JobChange> read(TenantId tenant, long after, long upTo, int limit) {
        String sql = "select " + PostgresJobStore.SUMMARY_COLUMNS + " from job j where "
                + (tenant == null ? "" : "j.tenant_id = ? and ")
                + "j.change_seq > ? and j.change_seq <= ? order by j.change_seq limit ?";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (tenant == null) {
                    Rows.bind(ps, after, upTo, limit);
                } else {
                    Rows.bind(ps, tenant.value(), after, upTo, limit);
                }
                List<JobChange> changes = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changes.add(new JobChange(rs.getLong("change_seq"), store.summary(rs)));
                    }
                }
                return changes;
            }
        });
    }
}
