package dev.jobtower.domain.provider;

import java.util.List;
import java.util.Objects;

/**
 * What an authenticated webhook asks Jobtower to do. A webhook never sets a status itself: it
 * names jobs to re-read.
 *
 * @param eventId            the vendor's event id (the inbox key with the connection)
 * @param eventType          the vendor's event type, for logs and metrics, or {@code null}
 * @param vendorConnectionId the vendor account the event is for (Finch {@code connection_id}), or {@code null}
 * @param jobsToReread       vendor ids of the jobs to re-read
 * @param disposition        whether there is anything to do
 */
public record WebhookSignal(String eventId, String eventType, String vendorConnectionId, List<String> jobsToReread,
                            Disposition disposition) {
    /** Whether an authenticated delivery carries work. */
    public enum Disposition {
        /** Names jobs to re-read. */
        ACTIONABLE,
        /** A well-formed event Jobtower has no use for (e.g. Finch {@code directory.updated}). */
        IGNORED,
        /** A body that could not be read; acknowledged, logged and counted, never answered 4xx/5xx. */
        UNUSABLE
    }

    public WebhookSignal {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(disposition, "disposition");
        jobsToReread = jobsToReread == null ? List.of() : List.copyOf(jobsToReread);
    }

    public static WebhookSignal reread(String eventId, String eventType, String vendorConnectionId, List<String> jobs) {
        return new WebhookSignal(eventId, eventType, vendorConnectionId, jobs, Disposition.ACTIONABLE);
    }

    public static WebhookSignal ignored(String eventId, String eventType) {
        return new WebhookSignal(eventId, eventType, null, List.of(), Disposition.IGNORED);
    }

    public static WebhookSignal unusable(String eventId) {
        return new WebhookSignal(eventId, null, null, List.of(), Disposition.UNUSABLE);
    }
}
