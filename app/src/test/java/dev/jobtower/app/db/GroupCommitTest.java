package dev.jobtower.app.db;

import dev.jobtower.app.support.JobtowerTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poller's group commit (issue 19) on the real PostgreSQL: writes waiting at the same time commit in one
 * transaction; a write that fails in a group costs the others nothing (they commit, each its own way), and its
 * caller gets its own failure.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupCommitTest extends JobtowerTest {
    private static final int WAITING = 7;
    @Inject
    Database db;
    @Inject
    GroupCommit groups;

    @BeforeEach
    void probeTable() {
        db.write(c -> c.createStatement().executeUpdate("create table if not exists group_commit_probe "
                + "(id int primary key, tx bigint not null); truncate group_commit_probe"));
    }

    /** Inserts a probe row, answering the transaction it was written in. */
    private static Database.Work<Long> insert(int id) {
        return c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into group_commit_probe (id, tx) values (?, txid_current()) "
                    + "returning tx")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        };
    }

    /**
     * Write 0 holds the group lock (its transaction waits on a latch) until the {@value WAITING} other writes all
     * wait; then they are committed, by one of their threads, in groups.
     */
    private List<CompletableFuture<Long>> writeAtOnce(java.util.function.IntFunction<Database.Work<Long>> work)
            throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(WAITING + 1);
        try {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<CompletableFuture<Long>> results = new ArrayList<>();
            results.add(CompletableFuture.supplyAsync(() -> grouped(c -> {
                started.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return insert(0).run(c);
            }), threads));
            assertTrue(started.await(10, TimeUnit.SECONDS), "write 0 is being committed");
            for (int i = 1; i <= WAITING; i++) {
                Database.Work<Long> w = work.apply(i);
                results.add(CompletableFuture.supplyAsync(() -> grouped(w), threads));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> groups.waiting() == WAITING);
            release.countDown();
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(30, TimeUnit.SECONDS);
            return results;
        } catch (java.util.concurrent.TimeoutException | ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            threads.shutdownNow();
        }
    }

    private <T> T grouped(Database.Work<T> work) {
        Object[] out = new Object[1];
        GroupCommit.grouped(() -> out[0] = groups.write(work));
        @SuppressWarnings("unchecked") T t = (T) out[0];
        return t;
    }

    private long rows() {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("select count(*) from group_commit_probe")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void writes_waiting_together_commit_in_one_transaction() throws Exception {
        List<CompletableFuture<Long>> results = writeAtOnce(GroupCommitTest::insert);
        Set<Long> transactions = new HashSet<>();
        for (CompletableFuture<Long> r : results.subList(1, results.size())) {
            transactions.add(r.get());
        }
        assertEquals(1, transactions.size(), "the " + WAITING + " waiting writes shared one transaction: " + transactions);
        assertEquals(WAITING + 1, rows(), "every write committed");
    }

    @Test
    void a_failed_write_in_a_group_loses_none_of_the_others() throws Exception {
        // write 3 fails (a primary key write 0 already holds): the group is rolled back and each write runs alone
        List<CompletableFuture<Long>> results = writeAtOnce(i -> insert(i == 3 ? 0 : i));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> results.get(3).get());
        assertInstanceOf(DatabaseException.class, failed.getCause(), "its caller gets its own failure");
        for (int i = 1; i <= WAITING; i++) {
            if (i != 3) {
                assertTrue(results.get(i).get() > 0, "write " + i + " committed");
            }
        }
        assertEquals(WAITING, rows(), "every other write committed");
        // outside grouped: a write of its own, as Database.write
        assertTrue(groups.write(insert(99)) > 0);
        assertEquals(WAITING + 1, rows());
    }
}
