package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Connects a vendor account: the webhook secret is checked for the vendor's format, the connection and
 * its (write-only) secrets are stored through {@link Admission} (which may refuse, e.g. a tenant's cap),
 * then the account is set up in the background ({@link AccountSetup}).
 */
public final class ConnectingAccount {
    /** Stores a new connection, or refuses it (by throwing). The connection store, or a limit in front of it. */
    @FunctionalInterface
    public interface Admission {
        Connection create(Connection connection, ConnectionSecrets secrets);
    }

    private final Admission admission;
    private final ProviderDirectory providers;
    private final AccountSetup setup;
    private final Clock clock;

    public ConnectingAccount(Admission admission, ProviderDirectory providers, AccountSetup setup, Clock clock) {
        this.admission = admission;
        this.providers = providers;
        this.setup = setup;
        this.clock = clock;
    }

    /** What is wrong with {@code secret} as the vendor's webhook secret, if anything (to name it in a 400). */
    public Optional<String> webhookSecretProblem(Provider provider, String secret) {
        return WebhookSecrets.problem(providers, provider, secret);
    }

    /** @throws IllegalArgumentException when the name or token is blank, or the webhook secret malformed */
    public Connection connect(ConnectCommand command) {
        if (command.webhookSecret() != null) {
            webhookSecretProblem(command.provider(), command.webhookSecret()).ifPresent(problem -> {
                throw new IllegalArgumentException("webhookSecret " + problem);
            });
        }
        Connection connection = admission.create(new Connection(new ConnectionId(UUID.randomUUID()), command.tenantId(),
                command.provider(), command.name(), clock.instant(), null, null),
                new ConnectionSecrets(command.token(), command.webhookSecret()));
        setup.connected(connection);
        return connection;
    }
}
