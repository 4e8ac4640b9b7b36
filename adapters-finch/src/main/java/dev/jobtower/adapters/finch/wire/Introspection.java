package dev.jobtower.adapters.finch.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What {@code GET /introspect} says about an access token (the parts Jobtower reads).
 *
 * @param id           the Finch id of the token (required by the 2026 spec)
 * @param connectionId the Finch id of the connection: webhooks name it, so it routes them
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Introspection(
        @JsonProperty("id") @Nullable String id,
        @JsonProperty("connection_id") @Nullable String connectionId,
        @JsonProperty("client_id") @Nullable String clientId,
        @JsonProperty("client_type") @Nullable String clientType,
        @JsonProperty("connection_type") @Nullable String connectionType,
        @JsonProperty("company_id") @Nullable String companyId,
        @JsonProperty("account_id") @Nullable String accountId,
        @JsonProperty("customer_id") @Nullable String customerId,
        @JsonProperty("provider_id") @Nullable String providerId,
        @JsonProperty("products") @Nullable List<String> products,
        @JsonProperty("connection_status") @Nullable ConnectionStatus connectionStatus) {

    /** The connection's health as Finch sees it. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectionStatus(
            @JsonProperty("status") @Nullable String status,
            @JsonProperty("message") @Nullable String message,
            @JsonProperty("last_successful_sync") @Nullable String lastSuccessfulSync) {
    }
}
