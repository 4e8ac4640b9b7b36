package dev.jobtower.app.retention;

import dev.jobtower.app.db.Database;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Deletes what has outlived its retention window, in small transactions (at most {@code batch} rows
 * each), so that reads never wait (PostgreSQL reads do not block on deletes) and writers wait at most
 * one short batch. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several instances sweeping
 * at once share the work instead of colliding. Only terminal jobs are ever deleted.
 */
@Singleton
public class RetentionSweep {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);
    static final String TERMINAL = "('SUCCEEDED', 'FAILED', 'CANCELLED')";

    /** What one sweep deleted, and in how many transactions. */
    public record Result(int jobs, int payloads, int webhooks, int idempotencyKeys, int batches) {
        public int total() {
            return jobs + payloads + webhooks + idempotencyKeys;
        }
    }

    private final Database db;
    private final RetentionSettings settings;
    private final Clock clock;

    public RetentionSweep(Database db, RetentionSettings settings, Clock clock) {
        this.db = db;
        this.settings = settings;
        this.clock = clock;
    }

    /** Deletes everything due at the clock's now, batch after batch (up to the per-run bound of each kind). */
    public Result sweep() {
        Instant now = clock.instant();
        int[] batches = {0};
        int jobs = settings.terminalJobs().map(w -> repeat(batches, () -> deleteTerminalJobs(now.minus(w)))).orElse(0);
        int payloads = settings.raw().map(w -> repeat(batches, () -> dropPayloads(now.minus(w)))).orElse(0);
        int webhooks = settings.webhooks().map(w -> repeat(batches, () -> deleteWebhooks(now.minus(w)))).orElse(0);
        int keys = settings.idempotency().map(w -> repeat(batches, () -> deleteIdempotencyKeys(now.minus(w)))).orElse(0);
        Result result = new Result(jobs, payloads, webhooks, keys, batches[0]);
        if (result.total() > 0) {
            LOG.info("Retention: deleted {} terminal jobs, {} raw payloads, {} webhook inbox rows, {} Idempotency-Key answers",
                    jobs, payloads, webhooks, keys);
        }
        return result;
    }

    /** Whether {@code /raw} of a job with this status and last change has passed its window. */
    public boolean rawExpired(boolean terminal, Instant updatedAt) {
        Optional<Duration> window = settings.raw();
        return terminal && window.isPresent() && updatedAt.isBefore(clock.instant().minus(window.get()));
    }

    private interface Batch {
        int run();
    }

    private int repeat(int[] batches, Batch batch) {
        int total = 0;
        for (int i = 0; i < settings.maxBatchesPerRun(); i++) {
            int n = batch.run();
            batches[0]++;
            total += n;
            if (n < settings.batch()) {
                break;
            }
        }
        return total;
    }

    /**
     * One batch of terminal jobs (their history and payload go by cascade, the counts by the count
     * trigger). Deleted grouped by count row, in the count table's key order: the same order the count
     * trigger takes rows in, so a batch never deadlocks with a job changing status.
     */
    int deleteTerminalJobs(Instant cutoff) {
        return db.write(c -> {
            List<List<UUID>> groups = new ArrayList<>();
            String sql = "select id, tenant_id, provider, status, coalesce(status_reason, ''), coalesce(type, ''), connection_id "
                    + "from (select id, tenant_id, provider, status, status_reason, type, connection_id from job "
                    + "where status in " + TERMINAL + " and updated_at < ? order by updated_at limit ? for update skip locked) due "
                    + "order by tenant_id, provider, status, coalesce(status_reason, ''), coalesce(type, ''), connection_id";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                ps.setInt(2, settings.batch());
                try (ResultSet rs = ps.executeQuery()) {
                    List<Object> lastKey = null;
                    while (rs.next()) {
                        List<Object> key = List.of(rs.getObject(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getObject(7));
                        if (!Objects.equals(key, lastKey)) {
                            groups.add(new ArrayList<>());
                            lastKey = key;
                        }
                        groups.get(groups.size() - 1).add(rs.getObject(1, UUID.class));
                    }
                }
            }
            int deleted = 0;
            try (PreparedStatement ps = c.prepareStatement("delete from job where id = any(?)")) {
                for (List<UUID> group : groups) {
                    ps.setArray(1, c.createArrayOf("uuid", group.toArray()));
                    deleted += ps.executeUpdate();
                }
            }
            return deleted;
        });
    }

    /** One batch of raw payloads of terminal jobs whose last change is older than the cutoff. */
    int dropPayloads(Instant cutoff) {
        return db.write(c -> {
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("update job set payload_dropped_for = updated_at where id in ("
                    + "select id from job where status in " + TERMINAL + " and payload_dropped_for is distinct from updated_at "
                    + "and updated_at < ? order by updated_at limit ? for update skip locked) returning id")) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                ps.setInt(2, settings.batch());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            if (!ids.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("delete from job_payload where job_id = any(?)")) {
                    ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                    ps.executeUpdate();
                }
            }
            return ids.size();
        });
    }

    /** One batch of processed webhook inbox rows older than the cutoff (unprocessed ones always stay). */
    int deleteWebhooks(Instant cutoff) {
        return db.write(c -> update(c, "delete from webhook_inbox where ctid in (select ctid from webhook_inbox "
                + "where processed_at is not null and processed_at < ? limit ? for update skip locked)", cutoff));
    }

    /**
     * One batch of Idempotency-Key rows older than the cutoff: answers, and keys left without one (released,
     * or abandoned by a crash). A key without an answer that carries the vendor id of an in-doubt create
     * stays: its retry must find that id, or it could create a second vendor job.
     */
    int deleteIdempotencyKeys(Instant cutoff) {
        return db.write(c -> update(c, "delete from idempotency_key where ctid in (select ctid from idempotency_key "
                + "where created_at < ? and (status_code is not null or pending_external_id is null) "
                + "limit ? for update skip locked)", cutoff));
    }

    private int update(Connection c, String sql, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.setInt(2, settings.batch());
            return ps.executeUpdate();
        }
    }

    /** The scheduled sweep; off with {@code jobtower.retention.enabled=false} (tests drive {@link #sweep()}). */
    @Singleton
    @Requires(property = "jobtower.retention.enabled", notEquals = "false")
    static class Schedule {
        private final RetentionSweep sweep;

        Schedule(RetentionSweep sweep) {
            this.sweep = sweep;
        }

        @Scheduled(fixedDelay = "${jobtower.retention.interval:5m}", initialDelay = "${jobtower.retention.initial-delay:1m}")
        void run() {
            try {
                sweep.sweep();
            } catch (RuntimeException e) {
                LOG.warn("Retention sweep failed: {}", e.getClass().getSimpleName());
            }
        }
    }
}
