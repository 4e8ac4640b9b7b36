package dev.jobtower.app.support;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** An answer's body as a JSON tree, for tests that read a field or two of it. */
public final class TestJson {
    private TestJson() {
    }

    public static JsonNode tree(JsonMapper json, String text) {
        try {
            return json.readValue(text, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
