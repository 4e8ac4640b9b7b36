package dev.jobtower.app.sync;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.support.MovableClock;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.PollSchedule;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every place that moves a job's next poll (the store recording a copy, the poll queue after a failed or
 * refused read) stores what the domain's {@link PollSchedule} computed: the rows after each step of a
 * job's life, under a movable clock (interval 5 s, doubling up to 40 s, refused reads due again after 2 s).
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PollScheduleStoredTest extends JobtowerTest {
    @Inject
    PostgresJobStore store;
    @Inject
    PollQueue queue;
    @Inject
    Database db;
    @Inject
    MovableClock clock;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;

    TenantId tenant;
    ConnectionId connection;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("test.movable-clock", "true", "jobtower.poll.interval", "5s", "jobtower.poll.max-interval", "40s",
                "jobtower.poll.refused-retry", "2s");
    }

    @BeforeEach
    void freshConnection() {
        tenant = new TenantId(tenancy.createTenant("tenant-" + UUID.randomUUID()).tenant().id());
        Connection c = new Connection(new ConnectionId(UUID.randomUUID()), tenant, Provider.of("finch"), "test", Instant.now(), null, null);
        connections.create(c, new ConnectionSecrets("token", null));
        connection = c.id();
        db.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("delete from job_poll")) {
                return ps.executeUpdate(); // earlier tests' jobs are never claimed here
            }
        });
    }

    JobId record(String externalId, VendorJob.Builder copy, Source source) {
        return store.record(tenant, connection, Provider.of("finch"), copy.build(), source, clock.instant(), true).job().id();
    }

    static VendorJob.Builder running(String externalId) {
        return VendorJob.builder(externalId).type("t").status(JobStatus.RUNNING).vendorStatus("running");
    }

    /**
     * The job's poll row: next poll as seconds from now, and its wait in seconds; "due never" when it has no poll
     * row (V27: a job off the schedule has none, so no wait is kept for it).
     */
    String row(JobId id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + PollRows.COLUMNS + " from job j" + PollRows.JOIN
                    + " where j.id = ?")) {
                ps.setObject(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    PollSchedule.Next next = PollRows.read(rs);
                    if (next.at() == null) {
                        assertFalse(PollRows.polled(rs), "a job off the schedule keeps no poll row");
                        return "due never";
                    }
                    return "due +" + Duration.between(clock.instant(), next.at()).toSeconds() + "s"
                            + ", wait " + next.backoff().toSeconds() + "s";
                }
            }
        });
    }

    JobId claimOne() {
        List<PollQueue.Claim> claims = queue.claim(10);
        assertEquals(1, claims.size(), "exactly the one due job is claimed");
        return claims.get(0).id();
    }

    @Test
    void a_job_backs_off_on_every_read_that_learns_nothing_and_starts_over_when_it_changes() {
        JobId id = record("ext-1", running("ext-1"), Source.TRACK);
        assertEquals("due +5s, wait 5s", row(id), "stored: the first interval");

        clock.advance(Duration.ofSeconds(5));
        claimOne();
        record("ext-1", running("ext-1"), Source.POLL);
        queue.release(id);
        assertEquals("due +10s, wait 10s", row(id), "a poll that found nothing new doubles the wait");

        clock.advance(Duration.ofSeconds(10));
        claimOne();
        queue.failed(id);
        assertEquals("due +20s, wait 20s", row(id), "a failed read doubles it too");

        clock.advance(Duration.ofSeconds(20));
        claimOne();
        queue.postpone(id);
        assertEquals("due +2s, wait 20s", row(id), "a refused read: due again after refused-retry, the wait kept");

        clock.advance(Duration.ofSeconds(2));
        claimOne();
        queue.failed(id);
        assertEquals("due +40s, wait 40s", row(id), "capped");
        clock.advance(Duration.ofSeconds(40));
        claimOne();
        record("ext-1", running("ext-1"), Source.POLL);
        queue.release(id);
        assertEquals("due +40s, wait 40s", row(id), "stays at the cap");

        record("ext-1", running("ext-1").status(JobStatus.WAITING), Source.WEBHOOK);
        assertEquals("due +5s, wait 5s", row(id), "a change, from a webhook here, starts over");
        record("ext-1", running("ext-1").status(JobStatus.WAITING), Source.REFRESH);
        assertEquals("due +5s, wait 5s", row(id), "a refresh that found nothing new leaves the schedule alone");
    }

    /**
     * What one poll that finds nothing new writes (issue 19): the job's sync bookkeeping as a HOT update (no entry
     * added to any of the job table's ~20 indexes) and the schedule in its narrow poll row. Counted by PostgreSQL
     * for the transaction the read is recorded in (the store's write joins the test's).
     */
    @Test
    void a_poll_that_finds_nothing_new_adds_no_index_entry_to_the_job_table() {
        JobId id = record("ext-6", running("ext-6"), Source.TRACK);
        clock.advance(Duration.ofSeconds(5));
        claimOne();
        // counted as a difference: the backend's pending counts may still hold earlier transactions' (PostgreSQL 15+)
        long[] counts = db.write(c -> {
            long[] before = updates(c);
            record("ext-6", running("ext-6"), Source.POLL);
            long[] after = updates(c);
            return new long[] {after[0] - before[0], after[1] - before[1], after[2] - before[2]};
        });
        queue.release(id);
        assertEquals(1, counts[0], "the job's row written once (synced_at, read_version)");
        assertEquals(1, counts[1], "as a HOT update: no index entry of the job table added");
        assertEquals(1, counts[2], "the schedule moved in the job's poll row");
        assertEquals("due +10s, wait 10s", row(id));
    }

    /** This backend's updates of job, HOT ones among them, and updates of job_poll. */
    private static long[] updates(java.sql.Connection c) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_stat_get_xact_tuples_updated('job'::regclass), "
                + "pg_stat_get_xact_tuples_hot_updated('job'::regclass), "
                + "pg_stat_get_xact_tuples_updated('job_poll'::regclass)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    @Test
    void a_future_scheduled_start_is_waited_for() {
        JobId id = record("ext-2", running("ext-2").status(JobStatus.QUEUED).scheduledAt(clock.instant().plusSeconds(3600)),
                Source.TRACK);
        assertEquals("due +3600s, wait 5s", row(id));
    }

    @Test
    void a_claim_takes_of_each_connection_only_its_room_and_none_of_a_connection_with_enough_in_hand() {
        ConnectionId busy = connection;
        for (int i = 0; i < 30; i++) {
            record("busy-" + i, running("busy-" + i), Source.TRACK);
        }
        Connection other = new Connection(new ConnectionId(UUID.randomUUID()), tenant, Provider.of("finch"), "other",
                Instant.now(), null, null);
        connections.create(other, new ConnectionSecrets("token", null));
        connection = other.id();
        for (int i = 0; i < 30; i++) {
            record("other-" + i, running("other-" + i), Source.TRACK);
        }
        clock.advance(Duration.ofSeconds(5));

        // the busy connection has no room: none of its 30 due jobs; any other at most 16 (V29: job_poll names it)
        List<PollQueue.Claim> claims = queue.claim(100, Map.of(busy, 0), 16);
        assertEquals(16, claims.size());
        assertTrue(claims.stream().allMatch(c -> c.connectionId().equals(other.id())), "none of the busy connection's");
        // room for 3 more of the busy one: 3 of it, and the other's remaining 14
        claims = queue.claim(100, Map.of(busy, 3), 16);
        assertEquals(3, claims.stream().filter(c -> c.connectionId().equals(busy)).count());
        assertEquals(14, claims.stream().filter(c -> c.connectionId().equals(other.id())).count());
        // without rooms, a claim takes up to its limit, whatever the connection
        assertEquals(27, queue.claim(100).size());
    }

    @Test
    void a_job_that_finished_while_it_was_being_read_is_not_scheduled_again() {
        JobId failing = record("ext-3", running("ext-3"), Source.TRACK);
        JobId refused = record("ext-4", running("ext-4"), Source.TRACK);
        clock.advance(Duration.ofSeconds(5));
        assertEquals(2, queue.claim(10).size());
        // while both are claimed, webhooks say they finished
        record("ext-3", running("ext-3").status(JobStatus.SUCCEEDED), Source.WEBHOOK);
        record("ext-4", running("ext-4").status(JobStatus.CANCELLED), Source.WEBHOOK);
        assertEquals("due never", row(failing));
        // then the poll's own read fails, or is refused: a finished job stays off the schedule
        queue.failed(failing);
        queue.postpone(refused);
        assertEquals("due never", row(failing));
        assertEquals("due never", row(refused));
        clock.advance(Duration.ofHours(1));
        assertEquals(0, queue.claim(10).size());
    }

    @Test
    void a_poll_of_a_finished_job_takes_it_off_the_schedule() {
        JobId id = record("ext-5", running("ext-5").status(JobStatus.FAILED), Source.TRACK);
        assertEquals("due never", row(id));
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into job_poll (next_poll_at, job_id) values (?, ?)")) {
                ps.setObject(1, clock.instant().atOffset(java.time.ZoneOffset.UTC));
                ps.setObject(2, id.value());
                return ps.executeUpdate(); // a stray schedule (an older release's race)
            }
        });
        claimOne();
        record("ext-5", running("ext-5"), Source.POLL); // the vendor's late RUNNING copy: terminal kept
        queue.release(id);
        assertEquals("due never", row(id));
    }
}
