package dev.jobtower.app.notifications;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.db.Rows;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The outbox in PostgreSQL as the delivery worker and the message log see it: due messages claimed
 * with a lease per endpoint ({@code FOR UPDATE SKIP LOCKED}), so instances share the work and pick up
 * a dead instance's after its lease; every attempt kept.
 */
@Singleton
public class WebhookMessages {
    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private final Database db;
    private final WebhookSettings settings;
    private final Clock clock;
    private final String owner = "jobtower-" + UUID.randomUUID();

    public WebhookMessages(Database db, WebhookSettings settings, Clock clock) {
        this.db = db;
        this.settings = settings;
        this.clock = clock;
    }

    /** A message claimed for one attempt. */
    public record Claim(UUID id, UUID endpointId, String url, String body, int attemptCount) {
    }

    /** What one attempt did; {@code responseStatus} null when no answer came. */
    public record Attempt(Instant at, Integer responseStatus, long durationMs, String error) {
        boolean succeeded() {
            return responseStatus != null && responseStatus >= 200 && responseStatus < 300;
        }
    }

    /** A message in the log. */
    public record Logged(UUID id, String eventType, UUID jobId, String status, List<Attempt> attempts,
                         Instant nextAttemptAt, Instant createdAt) {
    }

    /**
     * Claims due messages: for each enabled endpoint whose circuit is closed, up to its free slots
     * ({@code freeSlots}, else the per-endpoint concurrency), oldest first, at most {@code limit} in all.
     * Every endpoint is served in the same round, so a backlog at one never holds back another; when the
     * round's limit binds, tenants take turns (each one's oldest message, then each one's second, …).
     */
    public List<Claim> claim(Map<UUID, Integer> busy, int limit) {
        Instant now = clock.instant();
        UUID[] busyIds = busy.keySet().toArray(UUID[]::new);
        Integer[] busyCounts = busy.values().toArray(Integer[]::new);
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update webhook_message m set lease_owner = ?, lease_until = ? "
                    + "from (select id, url from (select d.id, e.url, d.next_attempt_at, "
                    + "row_number() over (partition by e.tenant_id order by d.next_attempt_at) as turn "
                    + "from webhook_endpoint e cross join lateral ("
                    + "  select m2.id, m2.next_attempt_at from webhook_message m2 where m2.endpoint_id = e.id and m2.status = 'pending' "
                    + "  and m2.next_attempt_at <= ? and (m2.lease_until is null or m2.lease_until < ?) "
                    + "  order by m2.next_attempt_at limit greatest(0, ? - coalesce((select b.n from "
                    + "  unnest(?::uuid[], ?::int[]) as b(id, n) where b.id = e.id), 0)) for update skip locked) d "
                    + "where e.enabled and (e.circuit_open_until is null or e.circuit_open_until <= ?) "
                    + ") ranked order by turn, next_attempt_at limit ?) due "
                    + "where m.id = due.id returning m.id, m.endpoint_id, due.url, m.body, m.attempt_count")) {
                Rows.bind(ps, owner, now.plus(settings.lease()), now, now, settings.endpointConcurrency(),
                        ps.getConnection().createArrayOf("uuid", busyIds), ps.getConnection().createArrayOf("int4", busyCounts),
                        now, limit);
                List<Claim> claims = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claims.add(new Claim(Rows.uuid(rs, "id"), Rows.uuid(rs, "endpoint_id"), rs.getString("url"),
                                rs.getString("body"), rs.getInt("attempt_count")));
                    }
                }
                return claims;
            }
        });
    }

    /**
     * Stores an attempt and its consequence in one transaction: the message succeeded, waits for
     * {@code retryIn}, or failed for good (null); the endpoint's failure streak, circuit and the
     * disable rules (410 gone; failing for {@code disableAfter}).
     */
    public void recordAttempt(Claim claim, Attempt attempt, Duration retryIn) {
        Instant now = clock.instant();
        boolean ok = attempt.succeeded();
        boolean gone = Integer.valueOf(410).equals(attempt.responseStatus());
        db.write(c -> {
            // a message deleted meanwhile (its endpoint was) keeps no attempt
            try (PreparedStatement ps = c.prepareStatement("insert into webhook_attempt (message_id, at, response_status, "
                    + "duration_ms, error) select ?, ?, ?, ?, ? where exists (select 1 from webhook_message where id = ?)")) {
                Rows.bind(ps, claim.id(), attempt.at(), attempt.responseStatus(), (int) Math.min(Integer.MAX_VALUE,
                        attempt.durationMs()), attempt.error(), claim.id());
                ps.executeUpdate();
            }
            String status = ok ? SUCCEEDED : (retryIn == null || gone ? FAILED : PENDING);
            try (PreparedStatement ps = c.prepareStatement("update webhook_message set status = ?, attempt_count = "
                    + "attempt_count + 1, next_attempt_at = ?, lease_owner = null, lease_until = null "
                    + "where id = ? and lease_owner = ?")) {
                Rows.bind(ps, status, status.equals(PENDING) ? now.plus(retryIn) : null, claim.id(), owner);
                ps.executeUpdate();
            }
            if (ok) {
                try (PreparedStatement ps = c.prepareStatement("update webhook_endpoint set failing_since = null, "
                        + "consecutive_failures = 0, circuit_open_until = null where id = ? "
                        + "and (consecutive_failures > 0 or failing_since is not null)")) {
                    Rows.bind(ps, claim.endpointId());
                    ps.executeUpdate();
                }
                return null;
            }
            if (gone) {
                WebhookEndpointStore.disable(c, claim.endpointId(), "gone");
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement("update webhook_endpoint set "
                    + "failing_since = coalesce(failing_since, ?), consecutive_failures = consecutive_failures + 1, "
                    + "circuit_open_until = case when consecutive_failures + 1 >= ? then ? else circuit_open_until end "
                    + "where id = ? returning failing_since")) {
                Rows.bind(ps, attempt.at(), settings.circuitFailures(), now.plus(settings.circuitOpen()), claim.endpointId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        Instant since = Rows.instant(rs, "failing_since");
                        if (since != null && !since.isAfter(now.minus(settings.disableAfter()))) {
                            WebhookEndpointStore.disable(c, claim.endpointId(), "failing");
                        }
                    }
                }
            }
            return null;
        });
    }

    /** A successful attempt of a claimed message, to be stored with others in one statement. */
    public record Success(Claim claim, Attempt attempt) {
    }

    /**
     * Stores many successful attempts in one statement: the attempts, their messages succeeded, their
     * endpoints' failure streaks ended (the common path, batched so that delivery is not bound by one
     * transaction per message).
     */
    public void recordSuccesses(List<Success> successes) {
        int n = successes.size();
        UUID[] ids = new UUID[n];
        java.sql.Timestamp[] ats = new java.sql.Timestamp[n];
        Integer[] codes = new Integer[n];
        Integer[] durations = new Integer[n];
        for (int i = 0; i < n; i++) {
            Success s = successes.get(i);
            ids[i] = s.claim().id();
            ats[i] = java.sql.Timestamp.from(s.attempt().at());
            codes[i] = s.attempt().responseStatus();
            durations[i] = (int) Math.min(Integer.MAX_VALUE, s.attempt().durationMs());
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("with attempt as (insert into webhook_attempt (message_id, at, "
                    + "response_status, duration_ms) select u.* from unnest(?::uuid[], ?::timestamptz[], ?::int[], ?::int[]) "
                    + "as u(id, at, code, ms) where exists (select 1 from webhook_message m where m.id = u.id)), "
                    + "done as (update webhook_message m set status = 'succeeded', attempt_count = attempt_count + 1, "
                    + "next_attempt_at = null, lease_owner = null, lease_until = null where m.id = any(?) and m.lease_owner = ? "
                    + "returning m.endpoint_id) "
                    + "update webhook_endpoint e set failing_since = null, consecutive_failures = 0, circuit_open_until = null "
                    + "where e.id in (select endpoint_id from done) and (e.consecutive_failures > 0 or e.failing_since is not null)")) {
                ps.setArray(1, c.createArrayOf("uuid", ids));
                ps.setArray(2, c.createArrayOf("timestamptz", ats));
                ps.setArray(3, c.createArrayOf("int4", codes));
                ps.setArray(4, c.createArrayOf("int4", durations));
                ps.setArray(5, c.createArrayOf("uuid", ids));
                ps.setString(6, owner);
                return ps.executeUpdate();
            }
        });
    }

    /** An endpoint's messages, newest first, after the keyset {@code (createdAt, id)} when given. */
    public List<Logged> log(UUID endpointId, String status, Instant beforeCreatedAt, UUID beforeId, int limit) {
        return db.read(c -> {
            List<Object> params = new ArrayList<>(List.of(endpointId));
            StringBuilder sql = new StringBuilder("select id, event_type, job_id, status, next_attempt_at, created_at "
                    + "from webhook_message where endpoint_id = ?");
            if (status != null) {
                sql.append(" and status = ?");
                params.add(status);
            }
            if (beforeCreatedAt != null) {
                sql.append(" and (created_at, id) < (?, ?)");
                params.add(beforeCreatedAt);
                params.add(beforeId);
            }
            sql.append(" order by created_at desc, id desc limit ?");
            params.add(limit);
            Map<UUID, Logged> messages = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                Rows.bind(ps, params.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = Rows.uuid(rs, "id");
                        messages.put(id, new Logged(id, rs.getString("event_type"), Rows.uuid(rs, "job_id"),
                                rs.getString("status"), new ArrayList<>(), Rows.instant(rs, "next_attempt_at"),
                                Rows.instant(rs, "created_at")));
                    }
                }
            }
            if (!messages.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("select message_id, at, response_status, duration_ms, error "
                        + "from webhook_attempt where message_id = any(?) order by at")) {
                    Rows.bind(ps, (Object) messages.keySet().toArray(UUID[]::new));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int code = rs.getInt("response_status");
                            Integer responseStatus = rs.wasNull() ? null : code;
                            messages.get(Rows.uuid(rs, "message_id")).attempts().add(new Attempt(Rows.instant(rs, "at"),
                                    responseStatus, rs.getLong("duration_ms"), rs.getString("error")));
                        }
                    }
                }
            }
            return new ArrayList<>(messages.values());
        });
    }

    /** Sends one message again now (its schedule starts over); false when the endpoint has no such message. */
    public boolean resend(UUID endpointId, UUID messageId) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update webhook_message set status = 'pending', "
                    + "attempt_count = 0, next_attempt_at = ? where endpoint_id = ? and id = ?")) {
                Rows.bind(ps, clock.instant(), endpointId, messageId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Sends every failed message created since {@code since} again; returns how many. */
    public int recover(UUID endpointId, Instant since) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update webhook_message set status = 'pending', "
                    + "attempt_count = 0, next_attempt_at = ? where endpoint_id = ? and status = 'failed' "
                    + "and created_at >= ?")) {
                Rows.bind(ps, clock.instant(), endpointId, since);
                return ps.executeUpdate();
            }
        });
    }

    /** Messages waiting to be delivered (the backlog gauge). */
    public long backlog() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from webhook_message where status = 'pending'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Deletes settled messages older than the retention; returns how many. */
    public int purge() {
        Instant cutoff = clock.instant().minus(settings.retention());
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from webhook_message where created_at < ? "
                    + "and status <> 'pending'")) {
                Rows.bind(ps, cutoff);
                return ps.executeUpdate();
            }
        });
    }
}
