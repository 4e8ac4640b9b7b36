package dev.jobtower.app.ops;

import dev.jobtower.app.sync.PollQueue;
import dev.jobtower.app.webhooks.WebhookInbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

import java.util.function.ToDoubleFunction;

/**
 * Gauges of the sync engine, registered at startup whether or not the poller runs on this instance:
 * poll lag (now minus the oldest due job) and webhook inbox depth. Read from the shared database,
 * so every instance reports the same figures; NaN while the database is unreachable.
 */
@Context
public class SyncMetrics {
    public SyncMetrics(MeterRegistry meters, PollQueue polls, WebhookInbox inbox) {
        Gauge.builder("jobtower.poll.lag.seconds", polls, safely(q -> q.lag().toMillis() / 1000.0))
                .description("now minus the oldest due job's poll time").register(meters);
        Gauge.builder("jobtower.webhooks.inbox.depth", inbox, safely(i -> (double) i.depth()))
                .description("webhook deliveries waiting to be processed").register(meters);
    }

    private static <T> ToDoubleFunction<T> safely(ToDoubleFunction<T> gauge) {
        return source -> {
            try {
                return gauge.applyAsDouble(source);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        };
    }
}
