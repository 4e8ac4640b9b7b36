package dev.jobtower.adapters.invopop;

import dev.jobtower.domain.provider.VendorUnavailable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;

/** Reading vendor bodies: anything unreadable is the vendor's {@code MALFORMED} answer, never an escaping exception. */
final class InvopopJson {
    private InvopopJson() {
    }

    static JsonNode tree(JsonMapper json, byte[] body) {
        if (body == null || body.length == 0) {
            throw InvopopPayload.malformed(null);
        }
        try {
            JsonNode node = json.readValue(body, JsonNode.class);
            if (node == null) {
                throw InvopopPayload.malformed(null);
            }
            return node;
        } catch (IOException | RuntimeException e) {
            if (e instanceof VendorUnavailable v) {
                throw v;
            }
            throw InvopopPayload.malformed(e);
        }
    }

    static <T> T read(JsonMapper json, byte[] body, Class<T> type) {
        JsonNode tree = tree(json, body);
        if (!tree.isObject()) {
            throw InvopopPayload.malformed(null);
        }
        try {
            T value = json.readValueFromTree(tree, type);
            if (value == null) {
                throw InvopopPayload.malformed(null);
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof VendorUnavailable v) {
                throw v;
            }
            throw InvopopPayload.malformed(e);
        }
    }
}
