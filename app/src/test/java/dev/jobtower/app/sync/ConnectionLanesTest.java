package dev.jobtower.app.sync;

import dev.jobtower.domain.job.ConnectionId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lanes the poller and webhook processing read in: work of one key (a job) one at a time and in order,
 * different keys side by side up to the connection's share, connections in turn for free slots, and a
 * hanging connection's queue bounded. Tasks block on latches, so what runs at once is observed, not timed.
 */
class ConnectionLanesTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static ConnectionId connection() {
        return new ConnectionId(UUID.randomUUID());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void one_keys_work_runs_one_at_a_time_in_the_order_offered_while_other_keys_run_beside_it() {
        ConnectionLanes lanes = new ConnectionLanes(executor, 8, 4, 100);
        ConnectionId c = connection();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch bothStarted = new CountDownLatch(2);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger jobAInFlight = new AtomicInteger();
        AtomicInteger jobAMax = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(6);
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertTrue(lanes.offer(c, "job-a", () -> {
                jobAMax.accumulateAndGet(jobAInFlight.incrementAndGet(), Math::max);
                if (n == 0) {
                    bothStarted.countDown();
                    await(release);
                }
                order.add("a" + n);
                jobAInFlight.decrementAndGet();
                done.countDown();
            }));
        }
        assertTrue(lanes.offer(c, "job-b", () -> {
            order.add("b");
            bothStarted.countDown();
            done.countDown();
        }));
        // job b is read while job a's first read is still in flight: different jobs side by side
        await(bothStarted);
        release.countDown();
        await(done);
        assertEquals(1, jobAMax.get(), "never two reads of one job at once");
        List<String> a = order.stream().filter(s -> s.startsWith("a")).toList();
        assertEquals(List.of("a0", "a1", "a2", "a3", "a4"), a);
        assertEquals("b", order.get(0), "b finished while a0 was held");
    }

    @Test
    void a_connection_has_at_most_its_share_in_flight_and_a_hanging_one_only_fills_its_own_queue() {
        ConnectionLanes lanes = new ConnectionLanes(executor, 8, 2, 3);
        ConnectionId hanging = connection();
        CountDownLatch hang = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        CountDownLatch twoIn = new CountDownLatch(2);
        for (int i = 0; i < 5; i++) {
            assertTrue(lanes.offer(hanging, "job-" + i, () -> {
                inFlight.incrementAndGet();
                twoIn.countDown();
                await(hang);
            }));
        }
        await(twoIn);
        assertEquals(2, inFlight.get(), "its share (2) in flight, the other 3 queued");
        assertFalse(lanes.offer(hanging, "job-5", () -> { }), "its queue (3) is full: the caller puts the work off");
        assertTrue(lanes.awaitRoom(0), "its queued work does not count against claiming more for others");

        // another connection is read at once: the hanging one holds only its own share
        CountDownLatch other = new CountDownLatch(1);
        assertTrue(lanes.offer(connection(), "x", other::countDown));
        await(other);
        hang.countDown();
    }

    @Test
    void when_slots_are_scarce_waiting_connections_take_turns() {
        ConnectionLanes lanes = new ConnectionLanes(executor, 1, 4, 100);
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        ConnectionId big = connection();
        ConnectionId small = connection();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(5);
        lanes.offer(big, "hold", () -> {
            holding.countDown();
            await(first);
            done.countDown();
        });
        await(holding);
        for (int i = 0; i < 3; i++) {
            int n = i;
            lanes.offer(big, "big-" + n, () -> {
                order.add("big-" + n);
                done.countDown();
            });
        }
        lanes.offer(small, "small", () -> {
            order.add("small");
            done.countDown();
        });
        first.countDown();
        await(done);
        assertTrue(order.indexOf("small") <= 1, "the small connection's one task is not served after all of the big one's: " + order);
    }

    @Test
    void many_keys_across_connections_all_run_once() {
        ConnectionLanes lanes = new ConnectionLanes(executor, 4, 2, 1000);
        List<ConnectionId> connections = List.of(connection(), connection(), connection());
        ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(300);
        for (int i = 0; i < 300; i++) {
            String key = "job-" + (i % 50);
            assertTrue(lanes.offer(connections.get(i % 3), key, () -> {
                runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                done.countDown();
            }));
        }
        await(done);
        assertEquals(300, runs.values().stream().mapToInt(AtomicInteger::get).sum());
    }

    @Test
    void work_queued_behind_a_hanging_job_does_not_stop_claims_of_other_work() {
        ConnectionLanes lanes = new ConnectionLanes(executor, 4, 4, 100);
        ConnectionId c = connection();
        CountDownLatch hang = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        lanes.offer(c, "stuck-job", () -> {
            started.countDown();
            await(hang);
        });
        await(started);
        for (int i = 0; i < 20; i++) {
            assertTrue(lanes.offer(c, "stuck-job", () -> { }), "more deliveries of the stuck job wait behind it");
        }
        assertTrue(lanes.awaitRoom(0), "they wait for their job, not for a slot: claims of other work go on");
        CountDownLatch other = new CountDownLatch(1);
        assertTrue(lanes.offer(connection(), "x", other::countDown));
        await(other);
        hang.countDown();
    }

    @Test
    void in_hand_counts_running_and_queued_work_and_the_finish_callback_sees_the_slot_given_back() throws Exception {
        List<java.util.Map<ConnectionId, Integer>> seenAtFinish = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch finished = new CountDownLatch(3);
        ConnectionLanes[] holder = new ConnectionLanes[1];
        ConnectionLanes lanes = new ConnectionLanes(executor, 8, 2, 100, () -> {
            seenAtFinish.add(holder[0].inHand());
            finished.countDown();
        });
        holder[0] = lanes;
        ConnectionId c = connection();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        for (int i = 0; i < 3; i++) {
            assertTrue(lanes.offer(c, "job-" + i, () -> {
                started.countDown();
                await(release);
            }));
        }
        await(started);
        assertEquals(java.util.Map.of(c, 3), lanes.inHand(), "two running (its share) and one queued");
        release.countDown();
        await(finished);
        assertEquals(java.util.Map.of(), lanes.inHand());
        // the last finish is told after its slot was given back: nothing of the connection is left in hand then
        assertTrue(seenAtFinish.stream().anyMatch(java.util.Map::isEmpty), seenAtFinish.toString());
        assertTrue(seenAtFinish.stream().allMatch(m -> m.getOrDefault(c, 0) <= 2), seenAtFinish.toString());
    }
}
