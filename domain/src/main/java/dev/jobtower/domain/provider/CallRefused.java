package dev.jobtower.domain.provider;

/**
 * Jobtower itself refused to make a vendor call now (its own rate limiter or a full bulkhead): the
 * vendor was not asked, so nothing is known to be wrong with the job. A poll leaves the job due and
 * does not mark it stale; an API request answers 429 or 503.
 */
public abstract class CallRefused extends ProviderException {
    protected CallRefused(String message) {
        super(message);
    }
}
