package dev.jobtower.domain.provider;

/**
 * The vendor refused the request (a 4xx other than 404/409/429). Its code and message are passed
 * on to the caller who made the request; they are the vendor's words, never our secrets.
 */
public final class VendorRejected extends ProviderException {
    private final int vendorStatusCode;
    private final String vendorCode;
    private final String vendorMessage;

    public VendorRejected(int vendorStatusCode, String vendorCode, String vendorMessage) {
        super("vendor rejected the request with HTTP " + vendorStatusCode);
        this.vendorStatusCode = vendorStatusCode;
        this.vendorCode = vendorCode;
        this.vendorMessage = vendorMessage;
    }

    public int vendorStatusCode() {
        return vendorStatusCode;
    }

    public String vendorCode() {
        return vendorCode;
    }

    public String vendorMessage() {
        return vendorMessage;
    }
}
