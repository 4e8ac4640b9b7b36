package dev.jobtower.app.sync;

import dev.jobtower.domain.job.ConnectionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The one place where background vendor reads (the poller's, webhook processing's) are run side by side:
 * at most {@code slots} at once on the executor, at most {@code perConnection} of them for one connection
 * (its share of the provider's threads, as its bulkhead allows), and work of the same key (a job) one
 * after the other in the order it was offered. When a slot frees, the connections waiting for one take
 * turns, so a connection with a long queue never starves another. A connection whose vendor hangs holds
 * its own {@code perConnection} slots and queues at most {@code maxQueuedPerConnection} tasks; past that
 * {@link #offer} refuses (the caller puts the work off) and nothing else waits for it.
 */
public final class ConnectionLanes {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLanes.class);

    private final ExecutorService executor;
    private final int slots;
    private final int perConnection;
    private final int maxQueuedPerConnection;
    private final Map<ConnectionId, Lane> lanes = new HashMap<>();
    /** Connections with a task that could start, waiting for a free slot, in the order they began to wait. */
    private final ArrayDeque<Lane> ready = new ArrayDeque<>();
    private int running;
    private final Runnable onFinished;

    public ConnectionLanes(ExecutorService executor, int slots, int perConnection, int maxQueuedPerConnection) {
        this(executor, slots, perConnection, maxQueuedPerConnection, () -> { });
    }

    /**
     * Like the above, calling {@code onFinished} (on the task's thread, no lock held) after each task has ended
     * and given back its slot: whoever hands out work learns at once that there is room for more.
     */
    public ConnectionLanes(ExecutorService executor, int slots, int perConnection, int maxQueuedPerConnection,
                           Runnable onFinished) {
        this.onFinished = onFinished;
        this.executor = executor;
        this.slots = Math.max(1, slots);
        this.perConnection = Math.max(1, perConnection);
        this.maxQueuedPerConnection = Math.max(1, maxQueuedPerConnection);
    }

    private record Task(Object key, Runnable work) {
    }

    private static final class Lane {
        final ConnectionId id;
        final ArrayDeque<Task> queue = new ArrayDeque<>();
        final Set<Object> keysRunning = new HashSet<>();
        int running;
        boolean waiting;

        Lane(ConnectionId id) {
            this.id = id;
        }
    }

    /**
     * Runs {@code work} once the connection has a free call and a slot is free, after the work offered
     * earlier with the same key. False (nothing queued) when the connection already has its queue full.
     */
    public synchronized boolean offer(ConnectionId connection, Object key, Runnable work) {
        Lane lane = lanes.computeIfAbsent(connection, Lane::new);
        if (lane.queue.size() >= maxQueuedPerConnection) {
            return false;
        }
        lane.queue.add(new Task(key, work));
        while (running < slots && ready.isEmpty() && lane.running < perConnection) {
            Task next = takeStartable(lane);
            if (next == null) {
                break;
            }
            start(lane, next);
        }
        waitIfStartable(lane);
        return true;
    }

    /**
     * Waits at most {@code millis} until fewer tasks wait for a slot than there are slots (so a claim of
     * more work keeps every slot busy without piling work up). False when that did not happen in time.
     */
    public synchronized boolean awaitRoom(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (waitingForSlot() >= slots) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Each connection with work in hand: its tasks running and queued (connections with none are left out). */
    public synchronized Map<ConnectionId, Integer> inHand() {
        Map<ConnectionId, Integer> inHand = new HashMap<>();
        for (Lane lane : lanes.values()) {
            int n = lane.running + lane.queue.size();
            if (n > 0) {
                inHand.put(lane.id, n);
            }
        }
        return inHand;
    }

    /** True, called from a task, when it is the only one running and nothing is queued. */
    public synchronized boolean lastOne() {
        if (running > 1) {
            return false;
        }
        for (Lane lane : lanes.values()) {
            if (!lane.queue.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tasks that wait only for a slot: queued at connections that could run one more, and not behind a running
     * task of the same key (those wait for that task, however many slots are free: a job whose read hangs
     * must not stop the claims of other work).
     */
    private int waitingForSlot() {
        int n = 0;
        for (Lane lane : lanes.values()) {
            if (lane.running < perConnection) {
                for (Task task : lane.queue) {
                    if (!lane.keysRunning.contains(task.key())) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** The first queued task whose key is not running (so tasks of one key keep their order). */
    private static Task takeStartable(Lane lane) {
        for (Iterator<Task> it = lane.queue.iterator(); it.hasNext(); ) {
            Task task = it.next();
            if (!lane.keysRunning.contains(task.key())) {
                it.remove();
                return task;
            }
        }
        return null;
    }

    private static boolean hasStartable(Lane lane) {
        for (Task task : lane.queue) {
            if (!lane.keysRunning.contains(task.key())) {
                return true;
            }
        }
        return false;
    }

    private void waitIfStartable(Lane lane) {
        if (!lane.waiting && lane.running < perConnection && hasStartable(lane)) {
            lane.waiting = true;
            ready.add(lane);
        }
    }

    private void start(Lane lane, Task task) {
        running++;
        lane.running++;
        lane.keysRunning.add(task.key());
        try {
            executor.execute(() -> {
                try {
                    task.work().run();
                } catch (RuntimeException e) {
                    LOG.warn("Background read failed: {}", e.getClass().getSimpleName());
                } finally {
                    finished(lane, task);
                    try {
                        onFinished.run();
                    } catch (RuntimeException e) {
                        LOG.warn("Background read's follow-up failed: {}", e.getClass().getSimpleName());
                    }
                }
            });
        } catch (RuntimeException e) { // the executor is shutting down: the work is dropped, its lease ends
            running--;
            lane.running--;
            lane.keysRunning.remove(task.key());
            LOG.debug("Background read not started: {}", e.getClass().getSimpleName());
        }
    }

    private synchronized void finished(Lane lane, Task task) {
        running--;
        lane.running--;
        lane.keysRunning.remove(task.key());
        waitIfStartable(lane);
        // a free slot goes to the connection that has waited longest for one
        while (running < slots && !ready.isEmpty()) {
            Lane next = ready.poll();
            next.waiting = false;
            if (next.running < perConnection) {
                Task t = takeStartable(next);
                if (t != null) {
                    start(next, t);
                }
            }
            waitIfStartable(next);
        }
        if (lane.running == 0 && lane.queue.isEmpty() && !lane.waiting) {
            lanes.remove(lane.id);
        }
        notifyAll();
    }
}
