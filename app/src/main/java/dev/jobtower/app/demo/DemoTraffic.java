package dev.jobtower.app.demo;

import dev.jobtower.app.vendors.VendorModules;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.VendorDemo;
import dev.jobtower.domain.provider.VendorModule;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.tracking.EnqueueCommand;
import dev.jobtower.domain.tracking.EnqueueingJob;
import dev.jobtower.domain.tracking.JobStatistics;
import dev.jobtower.domain.tracking.TrackingJob;
import dev.jobtower.domain.tracking.TrackCommand;
import io.micronaut.context.annotation.Requires;
import dev.jobtower.app.settings.DemoSettings;
import io.micronaut.core.util.StringUtils;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady trickle of demo jobs: every {@code jobtower.demo.interval} one more job is started through the real
 * enqueue use case, or one the vendor started by itself is tracked through the real track use case: the moves
 * of every vendor module's {@link VendorDemo}, interleaved (each vendor's first move, then each one's second,
 * ...). It stops adding once the demo tenant holds {@code jobtower.demo.max-jobs} jobs. The simulators are only
 * asked what a user would read off a vendor's dashboard (job and workflow ids) and to start what a vendor starts
 * by itself (a scheduled sync, a run after an end user's link flow, a job another system started).
 */
@Singleton
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class DemoTraffic {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

    private final EnqueueingJob enqueueing;
    private final TrackingJob tracking;
    private final JobStatistics statistics;
    private final VendorModules vendors;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private final long maxJobs;
    private final AtomicInteger turn = new AtomicInteger();
    private final AtomicBoolean full = new AtomicBoolean();
    private volatile DemoAccount.Setup setup;
    private volatile ScheduledFuture<?> schedule;

    public DemoTraffic(EnqueueingJob enqueueing, TrackingJob tracking, JobStatistics statistics, VendorModules vendors,
                       @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler,
                       DemoSettings settings) {
        Duration interval = settings.interval();
        long maxJobs = settings.maxJobs();
        this.enqueueing = enqueueing;
        this.tracking = tracking;
        this.statistics = statistics;
        this.vendors = vendors;
        this.scheduler = scheduler;
        this.interval = interval;
        this.maxJobs = maxJobs;
    }

    /** A vendor's demo move. */
    private record Turn(Provider provider, VendorDemo.Move move) {
    }

    /** Every vendor's moves, interleaved: each one's first, then each one's second, ... */
    private List<Turn> turns() {
        List<Turn> turns = new java.util.ArrayList<>();
        List<VendorModule> demos = vendors.all().stream()
                .filter(m -> m.demo().isPresent() && setup.connections().containsKey(m.provider())).toList();
        int longest = demos.stream().mapToInt(m -> m.demo().orElseThrow().moves().size()).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (VendorModule m : demos) {
                List<VendorDemo.Move> moves = m.demo().orElseThrow().moves();
                if (i < moves.size()) {
                    turns.add(new Turn(m.provider(), moves.get(i)));
                }
            }
        }
        return turns;
    }

    /** Starts one job at each vendor now, makes the vendors' opening moves, then keeps going on the interval. Once. */
    public synchronized void start(DemoAccount.Setup demo) {
        if (schedule != null) {
            return;
        }
        this.setup = demo;
        scheduler.schedule(Duration.ZERO, () -> {
            long vendorCount = vendors.all().stream().filter(m -> m.demo().isPresent()).count();
            for (int i = 0; i < vendorCount; i++) {
                step();
            }
            for (VendorModule m : vendors.all()) {
                if (m.demo().isPresent() && demo.connections().containsKey(m.provider())) {
                    for (VendorDemo.Move move : m.demo().get().opening()) {
                        make(new Turn(m.provider(), move), 0);
                    }
                }
            }
        });
        schedule = scheduler.scheduleWithFixedDelay(interval, interval, this::step);
    }

    /** One more job, unless the demo tenant has enough. */
    void step() {
        if (setup == null) {
            return;
        }
        try {
            if (statistics.total(setup.tenantId()) >= maxJobs) {
                if (full.compareAndSet(false, true)) {
                    LOG.info("Demo: the demo tenant holds {} jobs (JOBTOWER_DEMO_MAX_JOBS); no new ones are started", maxJobs);
                }
                return;
            }
        } catch (RuntimeException e) {
            LOG.info("Demo: could not count the demo jobs ({})", e.getClass().getSimpleName());
            return;
        }
        List<Turn> turns = turns();
        if (turns.isEmpty()) {
            return;
        }
        int n = turn.getAndIncrement();
        make(turns.get(n % turns.size()), n / turns.size());
    }

    private void make(Turn t, int round) {
        attempt(t.move().description(), () -> t.move().action().run(token(t.provider()), round, new VendorDemo.Jobs() {
            @Override
            public void enqueue(String type, Map<String, Object> params) {
                DemoTraffic.this.enqueue(t.provider(), type, params);
            }

            @Override
            public void track(String externalId) {
                DemoTraffic.this.track(t.provider(), externalId);
            }
        }));
    }

    private void enqueue(Provider provider, String type, Map<String, Object> params) {
        var enqueued = enqueueing.enqueue(new EnqueueCommand(setup.tenantId(), connection(provider).id(), type, params));
        LOG.debug("Demo: {} job {} ({})", provider, enqueued.job().externalId(), enqueued.created() ? "new" : "existing");
    }

    private void track(Provider provider, String externalId) {
        tracking.track(new TrackCommand(setup.tenantId(), connection(provider).id(), externalId));
        LOG.debug("Demo: tracking {} job {}", provider, externalId);
    }

    private Connection connection(Provider provider) {
        return setup.connections().get(provider);
    }

    private String token(Provider provider) {
        // the demo connections' tokens: the simulators' accounts, as each vendor module's demo names them
        return vendors.module(provider).flatMap(VendorModule::demo).map(VendorDemo::token)
                .orElseThrow(() -> new IllegalStateException("no demo for " + provider));
    }

    private static void attempt(String what, Runnable action) {
        try {
            action.run();
        } catch (VendorRateLimited e) {
            LOG.info("Demo: could not {}: quota spent{}", what, e.retryAt() == null ? "" : " until " + e.retryAt());
        } catch (RuntimeException e) {
            LOG.info("Demo: could not {} ({})", what, e.getClass().getSimpleName());
            LOG.debug("Demo: could not {}", what, e);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
