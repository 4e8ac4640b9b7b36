package dev.jobtower.domain.provider;

import dev.jobtower.domain.job.ConnectionId;

import java.util.Objects;

/**
 * What an adapter needs to call its vendor for one connection. {@link #toString()} hides the token.
 *
 * @param vendorConnectionId the vendor's id for the account when known, else {@code null}
 */
public record ProviderAccount(ConnectionId connectionId, String token, String vendorConnectionId) {
    public ProviderAccount {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "ProviderAccount[connectionId=" + connectionId + ", token=***]";
    }
}
