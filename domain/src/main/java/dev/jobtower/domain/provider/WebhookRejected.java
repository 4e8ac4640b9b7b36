package dev.jobtower.domain.provider;

/** A webhook failed authentication (bad or missing signature, stale timestamp, no secret): 401, nothing stored. */
public final class WebhookRejected extends ProviderException {
    public WebhookRejected(String reason) {
        super(reason);
    }
}
