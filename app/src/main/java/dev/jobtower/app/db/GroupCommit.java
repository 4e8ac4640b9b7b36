package dev.jobtower.app.db;

import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Group commit for writes that many threads make at the same time, each of one small row set (the poller's
 * re-reads, issue 19): a write made inside {@link #grouped} joins the writes waiting beside it, and one of the
 * waiting threads runs them all in one transaction, so a claim's reads commit a few at a time, not one each.
 * Each caller returns only once its own write committed, with its own result or exception: when any write of a
 * group fails (or the commit does), the group is rolled back and each write is run again in a transaction of its
 * own, so a failed write never loses the others. Outside {@link #grouped}, {@link #write} is {@link Database#write}.
 */
@Singleton
public class GroupCommit {
    /** The most writes one transaction takes (the rest wait for the next). */
    static final int MAX_GROUP = 32;
    private static final ThreadLocal<Boolean> GROUPED = new ThreadLocal<>();

    private final Database db;
    private final ConcurrentLinkedQueue<Unit<?>> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committing = new ReentrantLock();

    public GroupCommit(Database db) {
        this.db = db;
    }

    /** Runs {@code work} with the writes it makes through {@link #write} grouped with other threads'. */
    public static void grouped(Runnable work) {
        groupedValue(() -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} with its writes grouped (as {@link #grouped(Runnable)}) and answers what it answers. */
    public static <T> T groupedValue(Supplier<T> work) {
        Boolean outer = GROUPED.get();
        GROUPED.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                GROUPED.remove();
            }
        }
    }

    /** Like {@link Database#write}; grouped with other threads' writes when called inside {@link #grouped}. */
    public <T> T write(Database.Work<T> work) {
        if (GROUPED.get() == null) {
            return db.write(work);
        }
        Unit<T> unit = new Unit<>(work);
        pending.add(unit);
        while (!unit.done) {
            committing.lock(); // the thread holding it is committing a group, perhaps with this write in it
            try {
                if (!unit.done) {
                    commitGroup();
                }
            } finally {
                committing.unlock();
            }
        }
        return unit.result();
    }

    /** How many writes wait to be taken into a group (for tests). */
    int waiting() {
        return pending.size();
    }

    /** Takes the waiting writes (at most {@link #MAX_GROUP}) and commits them together. */
    private void commitGroup() {
        List<Unit<?>> group = new ArrayList<>();
        for (Unit<?> u; group.size() < MAX_GROUP && (u = pending.poll()) != null; ) {
            group.add(u);
        }
        if (group.size() == 1) {
            group.get(0).alone(db);
            return;
        }
        try {
            db.write(c -> {
                for (Unit<?> u : group) {
                    u.run(c);
                }
                return null;
            });
            group.forEach(Unit::committed);
        } catch (RuntimeException e) {
            // one write failed, or the commit: each again on its own
            group.forEach(u -> u.alone(db));
        }
    }

    /** One caller's write and, once done, its result or exception. */
    private static final class Unit<T> {
        private final Database.Work<T> work;
        private T result;
        private T ran;
        private RuntimeException failure;
        /** Set (under the committing lock) once the write committed or failed for good. */
        private volatile boolean done;

        Unit(Database.Work<T> work) {
            this.work = work;
        }

        void run(java.sql.Connection c) throws java.sql.SQLException {
            ran = work.run(c);
        }

        void committed() {
            result = ran;
            done = true;
        }

        void alone(Database db) {
            try {
                result = db.write(work);
            } catch (RuntimeException e) {
                failure = e;
            }
            done = true;
        }

        T result() {
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }

}
