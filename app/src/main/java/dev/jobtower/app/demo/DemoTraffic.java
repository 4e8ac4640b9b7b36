package dev.jobtower.app.demo;

import dev.jobtower.adapters.anon.demo.AnonSimulator;
import dev.jobtower.adapters.finch.demo.FinchSimulator;
import dev.jobtower.adapters.invopop.demo.InvopopSimulator;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.tracking.EnqueueCommand;
import dev.jobtower.domain.tracking.EnqueueingJob;
import dev.jobtower.domain.tracking.JobStatistics;
import dev.jobtower.domain.tracking.TrackingJob;
import dev.jobtower.domain.tracking.TrackCommand;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
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
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady trickle of demo jobs: every {@code jobtower.demo.interval} one more job is started through the real
 * enqueue use case, or one the vendor started by itself is tracked through the real track use case, in turn
 * at Finch, anon and Invopop. It stops adding once the demo tenant holds {@code jobtower.demo.max-jobs} jobs.
 * The simulators are only asked what a user would read off a vendor's dashboard (job and workflow ids) and to
 * start what a vendor starts by itself (Finch's daily sync, an anon run after an end user's link flow, an
 * Invopop job from another system).
 */
@Singleton
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class DemoTraffic {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

    private final EnqueueingJob enqueueing;
    private final TrackingJob tracking;
    private final JobStatistics statistics;
    private final FinchSimulator finch;
    private final AnonSimulator anon;
    private final InvopopSimulator invopop;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private final long maxJobs;
    private final AtomicInteger turn = new AtomicInteger();
    private final AtomicBoolean full = new AtomicBoolean();
    private volatile DemoAccount.Setup setup;
    private volatile ScheduledFuture<?> schedule;

    public DemoTraffic(EnqueueingJob enqueueing, TrackingJob tracking, JobStatistics statistics, FinchSimulator finch,
                       AnonSimulator anon, InvopopSimulator invopop,
                       @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler,
                       @Value("${jobtower.demo.interval:3s}") Duration interval,
                       @Value("${jobtower.demo.max-jobs:500}") long maxJobs) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("jobtower.demo.interval must be positive");
        }
        this.enqueueing = enqueueing;
        this.tracking = tracking;
        this.statistics = statistics;
        this.finch = finch;
        this.anon = anon;
        this.invopop = invopop;
        this.scheduler = scheduler;
        this.interval = interval;
        this.maxJobs = maxJobs;
    }

    /** Starts one job at each vendor now, watches an anon job, then keeps going on the interval. Once. */
    public synchronized void start(DemoAccount.Setup demo) {
        if (schedule != null) {
            return;
        }
        this.setup = demo;
        scheduler.schedule(Duration.ZERO, () -> {
            for (int i = 0; i < 3; i++) {
                step();
            }
            attempt("watch an anon job", () -> tracking.track(new TrackCommand(demo.tenantId(),
                    connection(Provider.ANON).id(), anon.jobIds(token(Provider.ANON)).get(0))));
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
        int n = turn.getAndIncrement();
        switch (n % 7) {
            case 0 -> attempt("start a Finch data sync", () -> enqueue(Provider.FINCH, "data_sync_all", Map.of()));
            case 1 -> attempt("start an anon job run", () -> {
                List<String> jobIds = anon.jobIds(token(Provider.ANON));
                enqueue(Provider.ANON, jobIds.get(n / 7 % jobIds.size()), Map.of());
            });
            case 2 -> attempt("start an Invopop job", () -> {
                List<String> workflows = invopop.workflowIds(token(Provider.INVOPOP));
                enqueue(Provider.INVOPOP, workflows.get(n / 7 % workflows.size()), Map.of(
                        "siloEntryId", UUID.randomUUID().toString(), "key", invoiceKey(), "tags", List.of("demo")));
            });
            case 3 -> attempt("start a Finch W-4 sync", () -> enqueue(Provider.FINCH, "w4_form_employee_sync",
                    Map.of("individualId", UUID.randomUUID().toString())));
            case 4 -> attempt("track an anon run", () -> {
                List<String> jobIds = anon.jobIds(token(Provider.ANON));
                track(Provider.ANON, anon.startRun(token(Provider.ANON), jobIds.get((n / 7 + 1) % jobIds.size())));
            });
            case 5 -> attempt("track an Invopop job", () -> {
                List<String> workflows = invopop.workflowIds(token(Provider.INVOPOP));
                track(Provider.INVOPOP, invopop.createJob(token(Provider.INVOPOP),
                        workflows.get((n / 7 + 1) % workflows.size()), invoiceKey()));
            });
            default -> attempt("track Finch's daily sync", () ->
                    track(Provider.FINCH, finch.scheduleDailySync(token(Provider.FINCH))));
        }
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
        return DemoAccount.TOKENS.get(provider); // the demo connections' tokens: the simulators' accounts
    }

    private static String invoiceKey() {
        return "INV-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
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
