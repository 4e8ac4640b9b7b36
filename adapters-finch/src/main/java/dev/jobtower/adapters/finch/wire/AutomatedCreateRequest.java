package dev.jobtower.adapters.finch.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code POST /jobs/automated}; {@code params} only for {@code w4_form_employee_sync}. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutomatedCreateRequest(
        @JsonProperty("type") @Nullable String type,
        @JsonProperty("params") @Nullable AutomatedJobParams params) {
}
