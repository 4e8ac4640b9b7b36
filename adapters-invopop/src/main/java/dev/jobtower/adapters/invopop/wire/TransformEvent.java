package dev.jobtower.adapters.invopop.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** One entry of an intent's execution history ({@code TransformEvent}). {@code status} is a word such as {@code RUN}, {@code OK}, {@code ERR}, {@code KO}. */
@Serdeable
public record TransformEvent(
        @JsonProperty("index") Integer index,
        @JsonProperty("status") String status,
        @JsonProperty("at") String at,
        @JsonProperty("code") String code,
        @JsonProperty("message") String message,
        @JsonProperty("args") Map<String, String> args,
        @JsonProperty("silo_entry_id") String siloEntryId) {

    @JsonCreator
    public static TransformEvent read(@JsonProperty("index") Object index,
                                      @JsonProperty("status") String status,
                                      @JsonProperty("at") String at,
                                      @JsonProperty("code") String code,
                                      @JsonProperty("message") String message,
                                      @JsonProperty("args") Object args,
                                      @JsonProperty("silo_entry_id") String siloEntryId) {
        return new TransformEvent(WireValues.smallWholeNumber(index), status, at, code, message,
                WireValues.stringMap(args), siloEntryId);
    }
}
