package dev.jobtower.app.notifications;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of the notifications API (API.md "Notifications"). */
public final class WebhookViews {
    private WebhookViews() {
    }

    @Serdeable
    @Schema(name = "WebhookEndpointFilter")
    public record FilterView(List<String> provider, List<String> status, List<String> type, List<UUID> connectionId) {
        static FilterView of(WebhookEndpoint.Filter f) {
            return new FilterView(f.provider(), f.status(), f.type(), f.connectionId());
        }
    }

    @Serdeable
    @Schema(name = "WebhookEndpoint")
    public record EndpointView(UUID id, String url, String description, List<String> events, FilterView filter,
                               boolean enabled, String disabledReason, Instant createdAt) {
        static EndpointView of(WebhookEndpoint e) {
            return new EndpointView(e.id(), e.url(), e.description(), e.events(), FilterView.of(e.filter()), e.enabled(),
                    e.disabledReason(), e.createdAt());
        }
    }

    /** An endpoint as created: the only answer that shows its secret. */
    @Serdeable
    @Schema(name = "CreatedWebhookEndpoint")
    public record CreatedEndpointView(UUID id, String url, String description, List<String> events, FilterView filter,
                                      boolean enabled, String disabledReason, Instant createdAt,
                                      @Schema(description = "whsec_ + base64 of 32 random bytes; shown only here and on rotation")
                                      String secret) {
    }

    @Serdeable
    @Schema(name = "WebhookEndpointList")
    public record EndpointList(List<EndpointView> items) {
    }

    @Serdeable
    @Schema(name = "WebhookEndpointSecret")
    public record SecretView(String secret) {
    }

    @Serdeable
    @Schema(name = "WebhookAttempt")
    public record AttemptView(Instant at, Integer responseStatus, long durationMs, String error) {
    }

    @Serdeable
    @Schema(name = "WebhookMessage")
    public record MessageView(UUID id, String eventType, UUID jobId, String status, List<AttemptView> attempts,
                              Instant nextAttemptAt, Instant createdAt) {
        static MessageView of(WebhookMessages.Logged m) {
            return new MessageView(m.id(), m.eventType(), m.jobId(), m.status(), m.attempts().stream()
                    .map(a -> new AttemptView(a.at(), a.responseStatus(), a.durationMs(), a.error())).toList(),
                    m.nextAttemptAt(), m.createdAt());
        }
    }

    @Serdeable
    @Schema(name = "WebhookMessageList")
    public record MessageList(List<MessageView> items, String nextCursor) {
    }

    @Serdeable
    @Schema(name = "RecoveredWebhookMessages")
    public record Recovered(int messages) {
    }

    @Serdeable
    @Schema(name = "WebhookTestResult")
    public record TestResult(Integer responseStatus, long durationMs, String error) {
    }

    /** Request bodies, as the OpenAPI document describes them (the controller reads them field by field). */
    @Serdeable
    @Schema(name = "CreateWebhookEndpointRequest")
    public record CreateWebhookEndpointRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uri") String url,
                                               String description,
                                               @Schema(description = "default: both") List<String> events,
                                               FilterView filter) {
    }

    @Serdeable
    @Schema(name = "UpdateWebhookEndpointRequest")
    public record UpdateWebhookEndpointRequest(String url, String description, List<String> events, FilterView filter,
                                               Boolean enabled) {
    }

    @Serdeable
    @Schema(name = "RecoverWebhookEndpointRequest")
    public record RecoverWebhookEndpointRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant since) {
    }
}
