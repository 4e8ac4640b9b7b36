package dev.jobtower.app.ops;

import dev.jobtower.app.db.Database;
import dev.jobtower.domain.job.Job;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The job metrics of API.md "Analytics": {@code jobtower_job_duration_seconds} (a histogram of the
 * durations of jobs seen finishing, labels provider and status) and {@code jobtower_jobs_active}
 * (unfinished jobs of every tenant, labels provider and status, read from the maintained counts). No
 * label value is an id.
 */
@Context
public class JobMetrics {
    private final MeterRegistry meters;
    private final Database db;
    private final MultiGauge active;
    /** Set when the application starts shutting down: the gauge is not read from a database being stopped. */
    private volatile boolean stopping;

    public JobMetrics(MeterRegistry meters, Database db) {
        this.meters = meters;
        this.db = db;
        this.active = MultiGauge.builder("jobtower.jobs.active")
                .description("jobs not finished, per provider and status (all tenants)").register(meters);
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        stopping = true;
    }

    /** Observes the duration of a job that just became terminal (completedAt − startedAt, else createdAt). */
    public void finished(Job job) {
        if (!job.status().isTerminal() || job.completedAt() == null) {
            return;
        }
        Duration duration = Duration.between(job.startedAt() != null ? job.startedAt() : job.createdAt(), job.completedAt());
        Timer.builder("jobtower.job.duration")
                .description("durations of finished jobs: completedAt minus startedAt, else createdAt")
                .tags("provider", job.provider().wireName(), "status", job.status().name())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofDays(7))
                .register(meters)
                .record(duration.isNegative() ? Duration.ZERO : duration);
    }

    /** Refreshes the active-jobs gauge from the counts table (one small grouped read). */
    @Scheduled(fixedDelay = "${jobtower.metrics.active-refresh:15s}", initialDelay = "1s")
    void refreshActive() {
        if (stopping) {
            return;
        }
        try {
            List<MultiGauge.Row<?>> rows = db.read(c -> {
                List<MultiGauge.Row<?>> found = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("select provider, status, sum(count) as n from job_count "
                        + "where status in ('QUEUED', 'RUNNING', 'WAITING', 'UNKNOWN') group by provider, status");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(MultiGauge.Row.of(Tags.of("provider", rs.getString("provider"), "status",
                                rs.getString("status")), rs.getLong("n")));
                    }
                }
                return found;
            });
            active.register(rows, true);
        } catch (RuntimeException e) {
            // the database is unreachable: keep the last figures
        }
    }
}
