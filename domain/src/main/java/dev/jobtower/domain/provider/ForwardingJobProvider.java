package dev.jobtower.domain.provider;

import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.VendorJob;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link JobProvider} that hands every call to another one: extend it and override only the calls a
 * wrapper changes (every method, the defaults included, is forwarded, so the wrapped adapter's own
 * answers are kept).
 */
public abstract class ForwardingJobProvider implements JobProvider {
    protected final JobProvider delegate;

    protected ForwardingJobProvider(JobProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public Provider provider() {
        return delegate.provider();
    }

    @Override
    public VendorJob fetch(ProviderAccount account, String externalId) {
        return delegate.fetch(account, externalId);
    }

    @Override
    public TrackOutcome track(ProviderAccount account, String externalId) {
        return delegate.track(account, externalId);
    }

    @Override
    public void validateEnqueue(EnqueueRequest request) {
        delegate.validateEnqueue(request);
    }

    @Override
    public Optional<String> preassignExternalId(EnqueueRequest request) {
        return delegate.preassignExternalId(request);
    }

    @Override
    public EnqueueOutcome enqueue(ProviderAccount account, EnqueueRequest request, Optional<String> preassignedId) {
        return delegate.enqueue(account, request, preassignedId);
    }

    @Override
    public List<VendorJob> discover(ProviderAccount account, DiscoveryScope scope) {
        return delegate.discover(account, scope);
    }

    @Override
    public AccountInfo introspect(ProviderAccount account) {
        return delegate.introspect(account);
    }

    @Override
    public void validateWebhookSecret(String secret) {
        delegate.validateWebhookSecret(secret);
    }

    @Override
    public WebhookSignal readWebhook(WebhookDelivery delivery, String secret, Instant now) {
        return delegate.readWebhook(delivery, secret, now);
    }

    @Override
    public void screenWebhook(WebhookDelivery delivery) {
        delegate.screenWebhook(delivery);
    }
}
