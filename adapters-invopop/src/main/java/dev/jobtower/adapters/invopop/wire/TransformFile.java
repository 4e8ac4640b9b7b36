package dev.jobtower.adapters.invopop.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** A file a job produced ({@code TransformFile}, the job's {@code attachments}). {@code size} is in bytes. */
@Serdeable
public record TransformFile(
        @JsonProperty("id") String id,
        @JsonProperty("key") String key,
        @JsonProperty("category") String category,
        @JsonProperty("name") String name,
        @JsonProperty("desc") String desc,
        @JsonProperty("mime") String mime,
        @JsonProperty("size") Long size,
        @JsonProperty("hash") String hash,
        @JsonProperty("meta") Map<String, String> meta,
        @JsonProperty("url") String url) {

    /** Reads {@code size} from a number (the spec) or a string of digits (the seed page's {@code "12345"}). */
    @JsonCreator
    public static TransformFile read(@JsonProperty("id") String id,
                                     @JsonProperty("key") String key,
                                     @JsonProperty("category") String category,
                                     @JsonProperty("name") String name,
                                     @JsonProperty("desc") String desc,
                                     @JsonProperty("mime") String mime,
                                     @JsonProperty("size") Object size,
                                     @JsonProperty("hash") String hash,
                                     @JsonProperty("meta") Object meta,
                                     @JsonProperty("url") String url) {
        return new TransformFile(id, key, category, name, desc, mime, WireValues.wholeNumber(size), hash,
                WireValues.stringMap(meta), url);
    }
}
