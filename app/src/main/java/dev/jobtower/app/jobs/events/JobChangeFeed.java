package dev.jobtower.app.jobs.events;

import dev.jobtower.app.WorkExecutors;
import dev.jobtower.app.jobs.store.JobChanges;
import dev.jobtower.app.jobs.store.JobChanges.JobChange;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.JobFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The change feed behind {@code GET /api/v1/jobs/events}: one tail reader per instance polls the job
 * table for new change numbers and fans each settled change out to the subscribers whose tenant and
 * filter it matches. A subscriber resuming after change {@code n} first reads its tenant's changes
 * after {@code n} from the table, then goes on live.
 *
 * <p>Why changes wait to be "settled": change numbers come from a sequence, so they are taken in one
 * order and committed in another. If change 51 were sent while the transaction holding 50 was still
 * open, a client that resumes from 51 would never see 50. So the reader hands changes out strictly in
 * number order, and only up to a number {@code top} once every transaction that could still commit a
 * number {@code <= top} has ended. It knows which ones those are because every job writer holds a
 * shared advisory lock from just before it takes its number until it ends (a trigger, see
 * V2__job_change_feed.sql): the reader reads the sequence's last issued value {@code top}, then the
 * set of open writers from {@code pg_locks}; any writer holding a number {@code <= top} took its lock
 * before {@code top} was read, so it is in that set (or already finished). Once none of the set is
 * open any more, every committed row with a number {@code <= top} is visible and is read in number
 * order. Unrelated long transactions do not hold this back; only open job writes do, for as long as
 * they run (a write stuck for longer than {@code jobtower.events.max-commit-wait} is given up on,
 * with a warning, so one stuck connection cannot stop every stream). The SSE {@code id} is the change
 * number, so ids only ever grow and {@code Last-Event-ID} resumes exactly.
 *
 * <p>While nobody is subscribed the reader does not touch the database. A subscriber's buffer is
 * bounded: one that cannot keep up is ended (after what it has buffered), and resumes with
 * {@code Last-Event-ID}.
 */
@Singleton
public class JobChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(JobChangeFeed.class);
    private static final long UNSET = -1;

    private final JobChanges changes;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration maxCommitWait;
    private final int bufferSize;
    private final int pageSize;
    private final Scheduler blocking;
    private final Set<Subscriber> live = ConcurrentHashMap.newKeySet();
    private final Queue<Subscriber> waiting = new ConcurrentLinkedQueue<>();
    private final Counter dropped;
    private ScheduledExecutorService reader;

    // owned by the reader thread
    private long delivered = UNSET;
    private final Deque<Candidate> candidates = new ArrayDeque<>();
    private final Set<String> givenUp = new HashSet<>(); // writers open past max-commit-wait: no longer waited for
    private boolean failing;
    private final AtomicLong deliveredGauge = new AtomicLong();

    public JobChangeFeed(JobChanges changes, Clock clock, MeterRegistry meters,
                         @Named(WorkExecutors.EVENTS) ExecutorService blockingExecutor,
                         EventSettings settings) {
        this.changes = changes;
        this.clock = clock;
        this.pollInterval = settings.pollInterval();
        this.maxCommitWait = settings.maxCommitWait();
        this.bufferSize = settings.buffer();
        this.pageSize = settings.pageSize();
        this.blocking = Schedulers.fromExecutorService(blockingExecutor, "job-events-backlog");
        Gauge.builder("jobtower.events.subscribers", live, Set::size)
                .description("open job event streams on this instance").register(meters);
        Gauge.builder("jobtower.events.delivered.seq", deliveredGauge, AtomicLong::get)
                .description("the change number up to which this instance has delivered changes").register(meters);
        this.dropped = Counter.builder("jobtower.events.dropped")
                .description("event streams ended because the client read too slowly").register(meters);
    }

    /** Change numbers up to {@code top} are settled once none of {@code writers} is still open. */
    private record Candidate(long top, Set<String> writers, Instant seenAt) {
    }

    /**
     * A tenant's changes matching {@code filter}, in change order: those after {@code resumeAfter} (the
     * change number a client saw last) when given, then every new one. The stream opens with a
     * {@link Start} once it is live, so a client knows from when on nothing will be missed.
     */
    public Flux<Signal> subscribe(TenantId tenant, JobFilter filter, @Nullable Long resumeAfter) {
        Subscriber subscriber = new Subscriber(tenant, filter, bufferSize);
        return Flux.defer(() -> {
            startReader();
            waiting.add(subscriber);
            return Mono.fromFuture(subscriber.liveFrom).flatMapMany(from -> {
                Flux<JobChange> backlog = resumeAfter == null || resumeAfter >= from ? Flux.empty()
                        : backlog(tenant, filter, resumeAfter, from);
                Flux<JobChange> after = subscriber.sink.asFlux()
                        .filter(c -> resumeAfter == null || c.seq() > resumeAfter);
                return Flux.<Signal>just(new Start(from)).concatWith(Flux.concat(backlog, after).map(Change::new));
            });
        }).doFinally(signal -> forget(subscriber));
    }

    /** What a stream carries: first a {@link Start}, then {@link Change}s. */
    public sealed interface Signal permits Start, Change {
    }

    /** The stream is live: every change after {@code from} will follow. */
    public record Start(long from) implements Signal {
    }

    /** One change of a job. */
    public record Change(JobChange change) implements Signal {
    }

    private Flux<JobChange> backlog(TenantId tenant, JobFilter filter, long after, long upTo) {
        // one page per request, read on a blocking thread; a page shorter than asked for is the last
        return Flux.<List<JobChange>, long[]>generate(() -> new long[]{after, 0}, (state, sink) -> {
            if (state[1] == 1) {
                sink.complete();
                return state;
            }
            List<JobChange> page = changes.rangeOf(tenant, state[0], upTo, pageSize);
            if (page.size() < pageSize) {
                state[1] = 1;
            }
            if (page.isEmpty()) {
                sink.complete();
                return state;
            }
            state[0] = page.get(page.size() - 1).seq();
            sink.next(page);
            return state;
        }).subscribeOn(blocking).concatMapIterable(page -> page)
                .filter(c -> JobFilterMatch.matches(filter, c.job()));
    }

    private synchronized void startReader() {
        if (reader == null) {
            reader = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "job-events-tail");
                t.setDaemon(true);
                return t;
            });
            reader.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void forget(Subscriber subscriber) {
        waiting.remove(subscriber);
        live.remove(subscriber);
    }

    /** One round of the tail reader. */
    void poll() {
        try {
            if (live.isEmpty() && waiting.isEmpty()) {
                // nobody listens: stop reading; a later subscriber starts afresh from "now"
                delivered = UNSET;
                candidates.clear();
                givenUp.clear();
                return;
            }
            long issued = changes.lastIssued();
            long known = candidates.isEmpty() ? delivered : candidates.peekLast().top();
            boolean newCandidate = issued > known || (delivered == UNSET && candidates.isEmpty());
            if (newCandidate || !candidates.isEmpty()) {
                // read after the sequence: a writer holding a number <= issued is open now or has ended
                Set<String> open = changes.openWriters();
                givenUp.retainAll(open);
                open.removeAll(givenUp);
                if (newCandidate) {
                    candidates.addLast(new Candidate(issued, Set.copyOf(open), clock.instant()));
                }
                Candidate settled = settle(open);
                if (settled != null) {
                    if (delivered == UNSET) {
                        delivered = settled.top(); // a fresh start: what came before is not live news
                    } else if (settled.top() > delivered) {
                        deliver(delivered, settled.top());
                        delivered = settled.top();
                    }
                    deliveredGauge.set(delivered);
                }
            }
            if (delivered != UNSET) {
                Subscriber s;
                while ((s = waiting.poll()) != null) {
                    live.add(s);
                    s.liveFrom.complete(delivered);
                }
            }
            if (failing) {
                failing = false;
                LOG.info("Job change feed reads again");
            }
        } catch (RuntimeException e) {
            // the database may be away for a while; the next round tries again from where this one stopped
            if (!failing) {
                failing = true;
                LOG.warn("Job change feed round failed ({}); retrying every {}", e.getClass().getSimpleName(), pollInterval);
            }
        } catch (Error e) {
            // rethrown, it would cancel the scheduled reader for good and silence every stream
            LOG.error("Job change feed round failed", e);
        }
    }

    /** The newest candidate whose writers have all ended (or that waited too long), removing it and older ones. */
    private Candidate settle(Set<String> open) {
        Candidate settled = null;
        Instant now = clock.instant();
        for (Iterator<Candidate> it = candidates.iterator(); it.hasNext(); ) {
            Candidate c = it.next();
            // a writer open for an older candidate and still open now is in every newer candidate's set too
            if (Collections.disjoint(c.writers(), open)) {
                settled = c;
            } else if (Duration.between(c.seenAt(), now).compareTo(maxCommitWait) > 0) {
                LOG.warn("A job write has been open for more than {}; streaming changes up to {} without waiting "
                        + "for it (a change it commits later will reach only clients that list again)", maxCommitWait, c.top());
                // its writers stuck open are not waited for again, or every later change would wait as long
                c.writers().stream().filter(open::contains).forEach(givenUp::add);
                open.removeAll(givenUp);
                settled = c;
            } else {
                break;
            }
            it.remove();
        }
        return settled;
    }

    private void deliver(long after, long upTo) {
        long from = after;
        while (true) {
            List<JobChange> page = changes.range(from, upTo, pageSize);
            for (JobChange change : page) {
                for (Subscriber s : live) {
                    s.offer(change);
                }
            }
            if (page.size() < pageSize) {
                return;
            }
            from = page.get(page.size() - 1).seq();
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (reader != null) {
            reader.shutdownNow();
        }
        live.forEach(s -> s.sink.tryEmitComplete());
        waiting.forEach(s -> s.liveFrom.cancel(false));
    }

    /** One open stream: its tenant, filter and bounded buffer. */
    private final class Subscriber {
        final TenantId tenant;
        final JobFilter filter;
        final Sinks.Many<JobChange> sink;
        final CompletableFuture<Long> liveFrom = new CompletableFuture<>();

        Subscriber(TenantId tenant, JobFilter filter, int buffer) {
            this.tenant = tenant;
            this.filter = filter;
            this.sink = Sinks.many().unicast().onBackpressureBuffer(new java.util.concurrent.ArrayBlockingQueue<>(buffer));
        }

        /** Called by the reader thread only. */
        void offer(JobChange change) {
            if (!tenant.equals(change.job().tenantId()) || !JobFilterMatch.matches(filter, change.job())) {
                return;
            }
            Sinks.EmitResult result = sink.tryEmitNext(change);
            if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
                // too slow: end the stream after what it has buffered; the client resumes from its last id
                live.remove(this);
                dropped.increment();
                sink.tryEmitComplete();
            }
        }
    }
}
