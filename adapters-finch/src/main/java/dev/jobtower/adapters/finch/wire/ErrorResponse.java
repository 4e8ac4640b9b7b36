package dev.jobtower.adapters.finch.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Finch's error body. The jobs spec requires the first five fields; older manual-job errors carry only
 * {@code code}, {@code name}, {@code message} and {@code finch_code}.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(
        @JsonProperty("statusCode") @Nullable Integer statusCode,
        @JsonProperty("status") @Nullable Integer status,
        @JsonProperty("code") @Nullable Integer code,
        @JsonProperty("name") @Nullable String name,
        @JsonProperty("message") @Nullable String message,
        @JsonProperty("finch_code") @Nullable String finchCode) {
}
