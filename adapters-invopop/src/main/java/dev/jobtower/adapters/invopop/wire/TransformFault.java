package dev.jobtower.adapters.invopop.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** An error collected while a job ran ({@code TransformFault}); {@code paths} (JSON paths in the envelope) comes from the Go client. */
@Serdeable
public record TransformFault(
        @JsonProperty("provider") String provider,
        @JsonProperty("code") String code,
        @JsonProperty("message") String message,
        @JsonProperty("paths") List<String> paths) {
}
