package dev.jobtower.app.db;

import dev.jobtower.app.settings.DatabaseSettings;
import jakarta.inject.Singleton;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The database pool shared fairly (API.md "Limits and fairness"): background work (the poller, webhook
 * processing, set-up, scheduled sweeps, notification delivery) may hold at most the pool less
 * {@code jobtower.db.api-reserve} connections, and API requests at most the pool less
 * {@code jobtower.db.background-reserve}, so neither can take every connection from the other. A thread
 * counts once however deeply its database work nests. Work is told apart by the thread it runs on: the
 * background executors' threads and Micronaut's scheduler.
 */
@Singleton
public class PoolShares {
    /** Name prefixes of the threads that run background work. */
    static final List<String> BACKGROUND_THREADS = List.of("jobtower-poller", "jobtower-webhooks", "jobtower-setup",
            "scheduled-executor-thread", "webhook-worker", "webhook-recorder", "webhook-sender", "webhook-resolve");

    private final Semaphore background;
    private final Semaphore api;
    private final Duration wait;
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    public PoolShares(DatabaseSettings settings) {
        int pool = settings.poolSize();
        this.background = new Semaphore(Math.max(1, pool - settings.apiReserve()));
        this.api = new Semaphore(Math.max(1, pool - settings.backgroundReserve()));
        this.wait = settings.shareWait();
    }

    static boolean isBackground(Thread thread) {
        String name = thread.getName();
        for (String prefix : BACKGROUND_THREADS) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Runs database work under this thread's kind's share (waits up to {@code share-wait}, then 503). */
    public <T> T run(Supplier<T> work) {
        int[] d = depth.get();
        if (d[0] > 0) {
            d[0]++;
            try {
                return work.get();
            } finally {
                d[0]--;
            }
        }
        Semaphore share = isBackground(Thread.currentThread()) ? background : api;
        try {
            if (!share.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DatabaseException(new SQLTransientConnectionException(
                        "every database connection this kind of work may use is taken"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException(new SQLTransientConnectionException("interrupted waiting for a database connection"));
        }
        d[0]++;
        try {
            return work.get();
        } finally {
            d[0]--;
            share.release();
        }
    }

    int backgroundAvailable() {
        return background.availablePermits();
    }

    int apiAvailable() {
        return api.availablePermits();
    }
}
