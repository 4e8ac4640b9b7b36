package dev.jobtower.domain.provider;

/** The vendor has no job under this id (for this account). */
public final class VendorNotFound extends ProviderException {
    public VendorNotFound(String externalId) {
        super("vendor has no job " + externalId);
    }
}
