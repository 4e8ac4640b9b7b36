package dev.jobtower.app.jobs.store;

import dev.jobtower.domain.job.Step;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19: the JSONB columns' empty values ("[]", "{}", as PostgreSQL writes them) are read without the
 * JSON parser; everything else still goes through it, with the same result as before.
 */
class JsonCodecEmptyTest {
    private final JsonCodec codec = new JsonCodec(JsonMapper.createDefault());

    @Test
    void emptyValuesAreEmptyWithoutParsing() {
        assertTrue(JsonCodec.isEmptyArray("[]"));
        assertTrue(JsonCodec.isEmptyObject("{}"));
        assertEquals(List.of(), codec.steps("[]"));
        assertEquals(List.of(), codec.attachments("[]"));
        assertEquals(List.of(), codec.faults("[]"));
        assertEquals(List.of(), codec.strings("[]"));
        assertEquals(Map.of(), codec.map("{}"));
    }

    @Test
    void otherValuesAreParsedAsBefore() {
        assertFalse(JsonCodec.isEmptyArray("[ ]"));
        assertFalse(JsonCodec.isEmptyArray("{}"));
        assertFalse(JsonCodec.isEmptyObject("[]"));
        assertFalse(JsonCodec.isEmptyArray(null));
        assertEquals(List.of(), codec.strings("[ ]"));
        assertEquals(List.of("a", "b"), codec.strings("[\"a\",\"b\"]"));
        assertEquals(Map.of("n", 1, "s", "x"), codec.map("{\"n\":1,\"s\":\"x\"}"));
        assertNull(codec.strings(null));
        assertNull(codec.map(null));
        List<Step> steps = codec.steps(codec.write(List.of()));
        assertEquals(List.of(), steps);
    }
}
