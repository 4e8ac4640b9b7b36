package dev.jobtower.domain.provider;

/**
 * Base of every failure a {@link JobProvider} reports. Messages never carry secrets; vendor text
 * appears only in {@link VendorRejected}, which the API passes on to the caller who made the request.
 */
public abstract class ProviderException extends RuntimeException {
    protected ProviderException(String message) {
        super(message, null, false, false);
    }

    protected ProviderException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
