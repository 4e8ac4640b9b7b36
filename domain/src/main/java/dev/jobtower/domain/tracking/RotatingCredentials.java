package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;

import java.util.Optional;

/**
 * Renames a connection and/or rotates its token and webhook secret ({@code null}: left as it is). A new
 * token sets the account up again (the vendor is asked who it is, its jobs discovered).
 */
public final class RotatingCredentials {
    private final ConnectionStore connections;
    private final ProviderDirectory providers;
    private final AccountSetup setup;

    public RotatingCredentials(ConnectionStore connections, ProviderDirectory providers, AccountSetup setup) {
        this.connections = connections;
        this.providers = providers;
        this.setup = setup;
    }

    /** What is wrong with {@code secret} as the connection's vendor's webhook secret, if anything. */
    public Optional<String> webhookSecretProblem(Connection connection, String secret) {
        return WebhookSecrets.problem(providers, connection.provider(), secret);
    }

    /** The updated connection; empty when it was deleted meanwhile. */
    public Optional<Connection> update(Connection connection, String name, String token, String webhookSecret) {
        ConnectionSecrets secrets = null;
        if (token != null || webhookSecret != null) {
            Optional<ConnectionSecrets> current = connections.secrets(connection.id());
            if (current.isEmpty()) {
                return Optional.empty();
            }
            secrets = current.get();
            if (token != null) {
                secrets = secrets.withToken(token);
            }
            if (webhookSecret != null) {
                secrets = secrets.withWebhookSecret(webhookSecret);
            }
        }
        Optional<Connection> updated = connections.update(connection.tenantId(), connection.id(), name, secrets);
        if (token != null) {
            updated.ifPresent(setup::connected);
        }
        return updated;
    }
}
