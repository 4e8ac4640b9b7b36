package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;

/**
 * Outbound port: what follows once a connection is made or its credentials change (the vendor is asked
 * who the account is, its jobs are discovered), in the background and best effort.
 */
@FunctionalInterface
public interface AccountSetup {
    void connected(Connection connection);
}
