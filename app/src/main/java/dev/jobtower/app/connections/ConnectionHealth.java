package dev.jobtower.app.connections;

import dev.jobtower.app.sync.Providers;
import dev.jobtower.domain.connection.Connection;
import jakarta.inject.Singleton;

/** A connection's {@code health}: the state of its own circuit and its last calls on this instance. */
@Singleton
public class ConnectionHealth {
    private final Providers providers;

    public ConnectionHealth(Providers providers) {
        this.providers = providers;
    }

    public ConnectionView.HealthView of(Connection connection) {
        return providers.resilience(connection.provider())
                .flatMap(r -> r.existingConnection(connection.id()))
                .map(p -> ConnectionView.HealthView.of(p.circuit(), p.lastSuccessAt(), p.lastFailureAt(), p.lastError()))
                .orElse(ConnectionView.HealthView.UNUSED);
    }
}
