package dev.jobtower.domain.provider;

import dev.jobtower.domain.job.Provider;

import java.util.List;
import java.util.Optional;

/**
 * A vendor, as its adapter module tells the application about it: everything the app needs to know to follow
 * jobs there, so that the app names no vendor and adding a vendor is adding a module. Each adapter implements
 * it once; the app derives every list of providers, every default and every special case from the registered
 * modules.
 */
public interface VendorModule {

    /** The name the API uses ({@code provider} fields and filters, {@code /webhooks/{provider}/...}). */
    Provider provider();

    /** The vendor's name for people (the dashboard), e.g. {@code Finch}. */
    String label();

    /** The adapter that reads, starts and discovers jobs there and reads its webhooks. */
    JobProvider jobProvider();

    /** The defaults of the vendor's call limits (rate, bulkhead, timeout). */
    default VendorLimits limits() {
        return VendorLimits.DEFAULT;
    }

    /** How a webhook finds the connection(s) it is about. */
    default WebhookRouting webhookRouting() {
        return WebhookRouting.PATH_CONNECTION;
    }

    /**
     * The job types one can start by name there (Finch's {@code data_sync_all}, ...); empty when a job's type
     * is an id of the account's own (an anon job id, an Invopop workflow id).
     */
    default List<String> jobTypes() {
        return List.of();
    }

    /** The demo account and moves, when the adapter has a simulator running in this process. */
    default Optional<VendorDemo> demo() {
        return Optional.empty();
    }
}
