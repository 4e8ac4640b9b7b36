package dev.jobtower.domain.provider;

import dev.jobtower.domain.connection.Quota;

/** What a vendor says about the account behind a token (Finch {@code /introspect}). */
public record AccountInfo(String vendorConnectionId, Quota quota) {
    public static AccountInfo none() {
        return new AccountInfo(null, null);
    }
}
