package dev.jobtower.adapters.invopop.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An error body as the Go client decodes it: {@code {code?, message, fields?}} ({@code fields} holds nested
 * validation errors and is not read here). The transform spec itself declares no error responses.
 */
@Serdeable
public record InvopopError(@JsonProperty("code") String code, @JsonProperty("message") String message) {
}
