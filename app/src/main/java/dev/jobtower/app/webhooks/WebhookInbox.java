package dev.jobtower.app.webhooks;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.db.GroupCommit;
import dev.jobtower.app.db.Rows;
import dev.jobtower.app.db.Rows.Json;
import dev.jobtower.app.jobs.store.JsonCodec;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verified webhook deliveries, keyed by (connection, event id): a replay or duplicate is a no-op.
 * Rows are claimed with leases ({@code FOR UPDATE SKIP LOCKED}), so several instances share the work
 * and a crashed instance's rows are picked up again once the lease ends.
 */
@Singleton
public class WebhookInbox {
    private final Database db;
    private final JsonCodec json;
    private final Clock clock;

    /**
     * Groups the inserts of deliveries arriving together into shared transactions (issue 19: one commit and one
     * transaction's overhead for several deliveries); each is acknowledged only once its own insert committed.
     */
    private final GroupCommit groupCommit;

    public WebhookInbox(Database db, GroupCommit groupCommit, JsonCodec json, Clock clock) {
        this.db = db;
        this.groupCommit = groupCommit;
        this.json = json;
        this.clock = clock;
    }

    /** What the inbox keeps of a delivery: the signal, never the raw body. */
    @Serdeable
    public record StoredSignal(String eventType, String vendorConnectionId, List<String> jobsToReread,
                               WebhookSignal.Disposition disposition) {
    }

    /** A claimed delivery to process. */
    public record Entry(ConnectionId connectionId, String eventId, Provider provider, StoredSignal signal, int attempts) {
    }

    /** @return true when the event is new, false for a duplicate */
    public boolean store(ConnectionId connection, Provider provider, WebhookSignal signal) {
        StoredSignal stored = new StoredSignal(signal.eventType(), signal.vendorConnectionId(), signal.jobsToReread(),
                signal.disposition());
        boolean done = signal.disposition() != WebhookSignal.Disposition.ACTIONABLE;
        Database.Work<Boolean> insert = c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into webhook_inbox (connection_id, event_id, provider, "
                    + "received_at, signal, processed_at, next_attempt_at, job_key) values (?, ?, ?, ?, ?, ?, ?, ?) "
                    + "on conflict do nothing")) {
                Instant now = clock.instant();
                Rows.bind(ps, connection.value(), signal.eventId(), provider.wireName(), now, new Json(json.write(stored)),
                        done ? now : null, done ? null : now,
                        done || signal.jobsToReread().isEmpty() ? null : jobKey(signal.vendorConnectionId(), signal.jobsToReread()));
                return ps.executeUpdate() == 1;
            }
        };
        return GroupCommit.groupedValue(() -> groupCommit.write(insert));
    }

    /**
     * Due deliveries, tenants served in turn (API.md "Limits and fairness"): the tenants with pending
     * deliveries (a skip scan over {@code webhook_inbox_pending_tenant}), each one's oldest first (at most a
     * few of one connection, none of the connections skipped), then round by round. Parameters: now ×4, the
     * connections skipped (uuid[]), the batch size, the connections with a limit of their own (uuid[]) and
     * those limits (text[] of numbers), the most of any other connection, the batch size.
     */
    static final String FAIR_DUE = "with recursive tenants(tenant_id) as ("
            + "(select tenant_id from webhook_inbox where processed_at is null and next_attempt_at <= ? "
            + "order by tenant_id limit 1) "
            + "union all "
            + "select (select w.tenant_id from webhook_inbox w where w.processed_at is null and w.next_attempt_at <= ? "
            + "and w.tenant_id > t.tenant_id order by w.tenant_id limit 1) from tenants t where t.tenant_id is not null) "
            + "select c.connection_id, c.event_id from tenants t cross join lateral ("
            + "select x.connection_id, x.event_id, x.next_attempt_at, row_number() over (order by x.next_attempt_at) as turn "
            + "from (select d.connection_id, d.event_id, d.next_attempt_at, "
            + "row_number() over (partition by d.connection_id order by d.next_attempt_at) as nth "
            + "from (select w.connection_id, w.event_id, w.next_attempt_at "
            + "from webhook_inbox w where w.tenant_id = t.tenant_id and w.processed_at is null and w.next_attempt_at <= ? "
            + "and (w.lease_until is null or w.lease_until < ?) and w.connection_id <> all(?) "
            + "order by w.next_attempt_at limit ?) d) x where x.nth <= coalesce((select r.room from unnest(?, cast(? as text[])::int[]) "
            + "as r(c, room) where r.c = x.connection_id), ?)) c "
            + "where t.tenant_id is not null order by c.turn, c.next_attempt_at limit ?";

    /** Claims up to {@code limit} due deliveries for {@code lease}, tenants served in turn. */
    public List<Entry> claim(int limit, Duration lease) {
        return claim(limit, lease, Map.of(), limit);
    }

    /**
     * Like {@link #claim(int, Duration)}, taking at most {@code rooms.get(c)} deliveries of a connection
     * listed there (none when it is 0 or less) and at most {@code otherRoom} of any other: the room each
     * connection has for more work in hand, so what is claimed is what this instance is about to process.
     */
    public List<Entry> claim(int limit, Duration lease, Map<ConnectionId, Integer> rooms, int otherRoom) {
        dev.jobtower.app.sync.ClaimRooms split = dev.jobtower.app.sync.ClaimRooms.of(rooms);
        return db.write(c -> {
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement("update webhook_inbox w set lease_until = ?, attempts = attempts + 1 "
                    + "from (select connection_id, event_id from webhook_inbox where (connection_id, event_id) in ("
                    + FAIR_DUE + ") and processed_at is null and next_attempt_at <= ? and (lease_until is null or lease_until < ?) "
                    // re-checked by PostgreSQL on the latest version of each row it locks
                    + "for update skip locked) due where w.connection_id = due.connection_id "
                    + "and w.event_id = due.event_id returning w.connection_id, w.event_id, w.provider, w.signal::text, w.attempts")) {
                Rows.bind(ps, now.plus(lease), now, now, now, now, split.skipped(), limit, split.limited(), split.rooms(),
                        Math.max(1, otherRoom), limit, now, now);
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(new ConnectionId(Rows.uuid(rs, "connection_id")), rs.getString("event_id"),
                                Provider.of(rs.getString("provider")),
                                json.read(rs.getString(4), io.micronaut.core.type.Argument.of(StoredSignal.class)),
                                rs.getInt("attempts")));
                    }
                }
                return entries;
            }
        });
    }

    /**
     * What a delivery asks to read, as one text: the vendor connection it names (Finch routes by it) and its
     * jobs. Deliveries of one connection with the same key are answered by the same read.
     */
    static String jobKey(String vendorConnectionId, List<String> jobs) {
        return (vendorConnectionId == null ? "" : vendorConnectionId) + "\n" + String.join("\n", jobs);
    }

    /** Marks several claimed deliveries of one connection processed, in one statement. */
    public void done(List<Entry> entries) {
        if (entries.size() == 1) {
            done(entries.get(0));
            return;
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update webhook_inbox set processed_at = ?, lease_until = null "
                    + "where connection_id = ? and event_id = any(?)")) {
                Rows.bind(ps, clock.instant(), entries.get(0).connectionId().value(), eventIds(entries));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Marks processed the claimed deliveries of one connection that a read answered, and in the same
     * statement those waiting with the same job key that arrived before {@code readStarted} (a read that
     * began later saw at least what they announce) and that no instance holds now.
     */
    public void doneWithEarlier(List<Entry> entries, String jobKey, Instant readStarted) {
        doneWithEarlier(List.of(new Answered(entries.get(0).connectionId(), List.of(eventIds(entries)), jobKey, readStarted)));
    }

    /** What one read answered: its claimed deliveries, and the waiting ones of its job key received by {@code readStarted}. */
    public record Answered(ConnectionId connectionId, List<String> eventIds, String jobKey, Instant readStarted) {
        public Answered {
            eventIds = List.copyOf(eventIds);
        }
    }

    /**
     * {@link #doneWithEarlier} for the reads of several groups (of any connections), in one statement and one
     * commit: deliveries that finish together are settled together.
     */
    public void doneWithEarlier(List<Answered> reads) {
        if (reads.isEmpty()) {
            return;
        }
        List<java.util.UUID> claimedConnections = new ArrayList<>();
        List<String> claimedEvents = new ArrayList<>();
        java.util.UUID[] connections = new java.util.UUID[reads.size()];
        String[] keys = new String[reads.size()];
        String[] started = new String[reads.size()];
        for (int i = 0; i < reads.size(); i++) {
            Answered read = reads.get(i);
            for (String eventId : read.eventIds()) {
                claimedConnections.add(read.connectionId().value());
                claimedEvents.add(eventId);
            }
            connections[i] = read.connectionId().value();
            keys[i] = read.jobKey();
            started[i] = read.readStarted().toString();
        }
        db.write(c -> {
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement("update webhook_inbox set processed_at = ?, lease_until = null "
                    + "where (connection_id, event_id) in (select d.c, d.e from unnest(?, ?) as d(c, e) "
                    + "union all select x.connection_id, x.event_id from unnest(?, ?, cast(? as text[])::timestamptz[]) as g(c, k, t) "
                    + "join webhook_inbox x on x.connection_id = g.c and x.job_key = g.k and x.processed_at is null "
                    + "and x.received_at <= g.t and (x.lease_until is null or x.lease_until < ?))")) {
                Rows.bind(ps, now, claimedConnections.toArray(java.util.UUID[]::new), claimedEvents.toArray(String[]::new),
                        connections, keys, started, now);
                return ps.executeUpdate();
            }
        });
    }

    /** {@link #postpone(Entry, Duration)} for several deliveries of one connection, in one statement. */
    public void postpone(List<Entry> entries, Duration delay) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update webhook_inbox set next_attempt_at = ?, lease_until = null, "
                    + "attempts = greatest(attempts - 1, 0) where connection_id = ? and event_id = any(?) and processed_at is null")) {
                Rows.bind(ps, clock.instant().plus(delay), entries.get(0).connectionId().value(), eventIds(entries));
                return ps.executeUpdate();
            }
        });
    }

    private static String[] eventIds(List<Entry> entries) {
        return entries.stream().map(Entry::eventId).toArray(String[]::new);
    }

    public void done(Entry entry) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update webhook_inbox set processed_at = ?, lease_until = null "
                    + "where connection_id = ? and event_id = ?")) {
                Rows.bind(ps, clock.instant(), entry.connectionId().value(), entry.eventId());
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Gives a claimed delivery back without counting the attempt (it was not tried: its connection is
     * busy with earlier deliveries, or Jobtower's own limiter refused the read): due again after {@code delay}.
     */
    public void postpone(Entry entry, Duration delay) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update webhook_inbox set next_attempt_at = ?, lease_until = null, "
                    + "attempts = greatest(attempts - 1, 0) where connection_id = ? and event_id = ? and processed_at is null")) {
                Rows.bind(ps, clock.instant().plus(delay), entry.connectionId().value(), entry.eventId());
                return ps.executeUpdate();
            }
        });
    }

    public void retryLater(Entry entry, Duration delay) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update webhook_inbox set next_attempt_at = ?, lease_until = null "
                    + "where connection_id = ? and event_id = ?")) {
                Rows.bind(ps, clock.instant().plus(delay), entry.connectionId().value(), entry.eventId());
                return ps.executeUpdate();
            }
        });
    }

    /** Deliveries waiting to be processed (a gauge). */
    public long depth() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from webhook_inbox where processed_at is null");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
