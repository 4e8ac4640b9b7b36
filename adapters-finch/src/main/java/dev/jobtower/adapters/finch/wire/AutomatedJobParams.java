package dev.jobtower.adapters.finch.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The input parameters of an automated job: {@code individual_id} for {@code w4_form_employee_sync}. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutomatedJobParams(@JsonProperty("individual_id") @Nullable String individualId) {
}
