package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.provider.ProviderAccount;

/** The account a connection's vendor calls are made with: its id, token and the vendor's id for it. */
final class VendorAccounts {
    private VendorAccounts() {
    }

    static ProviderAccount of(ConnectionStore connections, Connection connection) {
        ConnectionSecrets secrets = connections.secrets(connection.id())
                .orElseThrow(() -> new UnknownConnection(connection.id()));
        return new ProviderAccount(connection.id(), secrets.token(), connection.vendorConnectionId());
    }
}
