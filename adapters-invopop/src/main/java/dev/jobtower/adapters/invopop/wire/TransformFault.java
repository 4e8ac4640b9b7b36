package dev.jobtower.adapters.invopop.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.ArrayList;
import java.util.List;

/**
 * An error collected while a job ran ({@code TransformFault}). {@code paths} (JSON paths in the envelope) exists
 * only in the Go client, not in the spec (REFERENCE.md 3.7a): optional, and read leniently (a single string is one
 * path; nulls and non-strings are dropped) so an odd {@code paths} never makes the whole job unreadable.
 */
@Serdeable
public record TransformFault(
        @JsonProperty("provider") String provider,
        @JsonProperty("code") String code,
        @JsonProperty("message") String message,
        @JsonProperty("paths") List<String> paths) {

    @JsonCreator
    public static TransformFault read(@JsonProperty("provider") String provider,
                                      @JsonProperty("code") String code,
                                      @JsonProperty("message") String message,
                                      @JsonProperty("paths") Object paths) {
        return new TransformFault(provider, code, message, paths(paths));
    }

    private static List<String> paths(Object value) {
        if (value instanceof String s) {
            return s.isBlank() ? null : List.of(s);
        }
        if (!(value instanceof List<?> list)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof String s && !s.isBlank()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }
}
