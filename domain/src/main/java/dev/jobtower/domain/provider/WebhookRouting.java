package dev.jobtower.domain.provider;

/**
 * How a vendor's webhook finds the connections it is about. Every vendor posts to
 * {@code /webhooks/{provider}/{connectionId}}; its headers and signature are the adapter's business
 * ({@link JobProvider#screenWebhook}, {@link JobProvider#readWebhook}).
 */
public enum WebhookRouting {
    /** The connection in the path is the one the event is about. */
    PATH_CONNECTION,
    /**
     * The vendor registers one webhook per application, not per account: the event goes to the tenant's
     * connections of that provider whose vendor id is the payload's ({@link WebhookSignal#vendorConnectionId()});
     * to the path's connection when the payload names none, or when that connection's vendor id is not known yet.
     */
    VENDOR_CONNECTION_ID
}
