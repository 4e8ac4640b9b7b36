package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.provider.AccountInfo;

/**
 * Asks a connection's vendor who the account behind its token is (Finch {@code /introspect}) and keeps
 * what it says: the vendor's id for the account ({@code vendorConnectionId}) and its refresh quota. What
 * the vendor leaves out keeps its stored value.
 */
public final class IntrospectingAccount {
    private final ConnectionStore connections;
    private final ProviderDirectory providers;

    public IntrospectingAccount(ConnectionStore connections, ProviderDirectory providers) {
        this.connections = connections;
        this.providers = providers;
    }

    /**
     * @return what the vendor said
     * @throws dev.jobtower.domain.provider.ProviderException when the vendor could not be asked (nothing stored)
     * @throws UnknownConnection when the connection was deleted meanwhile
     */
    public AccountInfo introspect(Connection connection) {
        AccountInfo info = providers.of(connection.provider()).introspect(VendorAccounts.of(connections, connection));
        connections.recordAccountInfo(connection.id(), info.vendorConnectionId(), info.quota());
        return info;
    }
}
