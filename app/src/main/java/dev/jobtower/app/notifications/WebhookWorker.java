package dev.jobtower.app.notifications;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delivery loop: one thread claims rounds while work is due, and otherwise waits for a free slot
 * or the tick. Every instance runs one; leases keep them from sending a message twice at once.
 * Also refreshes the backlog gauge and purges settled messages past the retention.
 */
@Singleton
@Requires(property = "jobtower.notifications.worker.enabled", notEquals = "false")
public class WebhookWorker {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWorker.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(10);
    private static final Duration PURGE = Duration.ofMinutes(10);

    private final WebhookDispatcher dispatcher;
    private final WebhookMessages messages;
    private final WebhookSettings settings;
    private final AtomicLong backlog = new AtomicLong();
    private volatile boolean stopped;
    private Thread thread;

    public WebhookWorker(WebhookDispatcher dispatcher, WebhookMessages messages, WebhookSettings settings,
                         MeterRegistry meters) {
        this.dispatcher = dispatcher;
        this.messages = messages;
        this.settings = settings;
        Gauge.builder("jobtower.notifications.backlog", backlog, AtomicLong::get)
                .description("webhook messages waiting to be delivered").register(meters);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        thread = new Thread(this::run, "webhook-worker");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long nextHousekeeping = 0;
        long nextPurge = 0;
        boolean failing = false;
        while (!stopped) {
            try {
                long now = System.nanoTime();
                if (now - nextHousekeeping >= 0) {
                    backlog.set(messages.backlog());
                    nextHousekeeping = now + HOUSEKEEPING.toNanos();
                }
                if (now - nextPurge >= 0) {
                    messages.purge();
                    nextPurge = now + PURGE.toNanos();
                }
                int claimed = dispatcher.deliverDue().claimed();
                failing = false;
                if (claimed < settings.batch()) {
                    dispatcher.awaitProgress(settings.tick()); // a finished attempt frees a slot: claim again at once
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!failing) {
                    LOG.warn("Webhook delivery round failed: {}", e.getClass().getSimpleName());
                    failing = true;
                }
                try {
                    Thread.sleep(settings.tick().toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
