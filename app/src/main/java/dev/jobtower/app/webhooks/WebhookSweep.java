package dev.jobtower.app.webhooks;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/** Every second, processes inbox deliveries that are due again or were left by a crashed instance. */
@Singleton
@Requires(property = "jobtower.webhooks.async", notEquals = "false")
public class WebhookSweep {
    private final WebhookProcessor processor;

    public WebhookSweep(WebhookProcessor processor) {
        this.processor = processor;
    }

    @Scheduled(fixedDelay = "${jobtower.webhooks.sweep:1s}", initialDelay = "2s")
    void sweep() {
        processor.kick();
    }
}
