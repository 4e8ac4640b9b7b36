package dev.jobtower.app.notifications;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant's endpoint: where and which job changes are sent. The secret is kept apart, encrypted. */
public record WebhookEndpoint(UUID id, UUID tenantId, String url, String description, List<String> events,
                             Filter filter, boolean enabled, String disabledReason, Instant createdAt) {
    public static final String STATUS_CHANGED = "job.status_changed";
    public static final String OVERDUE = "job.overdue";
    public static final String TEST = "webhook.test";
    public static final List<String> EVENT_TYPES = List.of(STATUS_CHANGED, OVERDUE);

    /** The list's multi-valued filters; an empty list matches every value. */
    public record Filter(List<String> provider, List<String> status, List<String> type, List<UUID> connectionId) {
        public static final Filter NONE = new Filter(List.of(), List.of(), List.of(), List.of());
    }
}
