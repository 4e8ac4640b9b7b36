package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.WebhookSignal;

/** Outbound port: the inbox authenticated webhooks wait in until they are applied. */
@FunctionalInterface
public interface ReceivedWebhooks {
    /** Stores a delivery once per (connection, event id); false when it was stored before (a vendor's retry). */
    boolean store(ConnectionId connectionId, Provider provider, WebhookSignal signal);
}
