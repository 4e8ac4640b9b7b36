package dev.jobtower.app.jobs.overdue;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/** Runs the overdue sweep every {@code jobtower.overdue.sweep-interval} (default 1m) on every instance. */
@jakarta.inject.Singleton
@Requires(property = "jobtower.overdue.enabled", notEquals = "false")
public class OverdueSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(OverdueSchedule.class);

    private final OverdueSweep sweep;
    private final Clock clock;

    public OverdueSchedule(OverdueSweep sweep, Clock clock) {
        this.sweep = sweep;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${jobtower.overdue.sweep-interval:1m}", initialDelay = "${jobtower.overdue.initial-delay:20s}")
    void tick() {
        try {
            List<OverdueJob> marked = sweep.sweep(clock.instant());
            if (!marked.isEmpty()) {
                LOG.info("{} job(s) became overdue", marked.size());
            }
        } catch (RuntimeException e) {
            LOG.warn("Overdue sweep failed: {}", e.getClass().getSimpleName());
        }
    }
}
