package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.InvalidJobRequest;

import java.util.Optional;

/** A webhook secret is checked for its vendor's format when it is given, never later. */
final class WebhookSecrets {
    private WebhookSecrets() {
    }

    static Optional<String> problem(ProviderDirectory providers, Provider provider, String secret) {
        try {
            providers.of(provider).validateWebhookSecret(secret);
            return Optional.empty();
        } catch (InvalidJobRequest e) {
            return Optional.of(e.detail());
        }
    }
}
