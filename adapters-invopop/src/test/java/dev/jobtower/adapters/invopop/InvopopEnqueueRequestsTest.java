package dev.jobtower.adapters.invopop;

import dev.jobtower.adapters.invopop.wire.CreateTransformJob;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.InvalidJobRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Our own checks on an Invopop enqueue, one row per rule, and the body they become. */
class InvopopEnqueueRequestsTest {
    private static final String WORKFLOW = TransformJobs.WORKFLOW_ID;
    private static final String SILO = TransformJobs.SILO_ENTRY_ID;

    private static Map<String, Object> params(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(null, params("siloEntryId", SILO), "type"),
                Arguments.of(" ", params("siloEntryId", SILO), "type"),
                Arguments.of("sdi-send", params("siloEntryId", SILO), "type"),
                Arguments.of("46e84a39-72cc-40ba-9b32-ac0feefa483", params("siloEntryId", SILO), "type"),
                Arguments.of(WORKFLOW, params(), "params.siloEntryId"),
                Arguments.of(WORKFLOW, params("key", "k", "tags", List.of("t")), "params.siloEntryId"),
                Arguments.of(WORKFLOW, params("siloEntryId", ""), "params.siloEntryId"),
                Arguments.of(WORKFLOW, params("siloEntryId", 42), "params.siloEntryId"),
                Arguments.of(WORKFLOW, params("args", "lang=es"), "params.args"),
                Arguments.of(WORKFLOW, params("args", Map.of("copies", 2)), "params.args"),
                Arguments.of(WORKFLOW, params("args", List.of("es")), "params.args"),
                Arguments.of(WORKFLOW, params("siloEntryId", SILO, "key", 7), "params.key"),
                Arguments.of(WORKFLOW, params("siloEntryId", SILO, "key", " "), "params.key"),
                Arguments.of(WORKFLOW, params("siloEntryId", SILO, "key", "k".repeat(256)), "params.key"),
                Arguments.of(WORKFLOW, params("siloEntryId", SILO, "tags", "billing"), "params.tags"),
                Arguments.of(WORKFLOW, params("siloEntryId", SILO, "tags", Arrays.asList("a", 1)), "params.tags"),
                Arguments.of(WORKFLOW, params("siloEntryId", SILO, "silo_entry_id", SILO), "params.silo_entry_id"),
                Arguments.of(WORKFLOW, params("siloEntryId", SILO, "data", Map.of()), "params.data"));
    }

    @ParameterizedTest(name = "{2}: type {0}, params {1}")
    @MethodSource("invalid")
    void invalid_requests_name_the_field_at_fault(String type, Map<String, Object> params, String parameter) {
        InvalidJobRequest e = assertThrows(InvalidJobRequest.class,
                () -> InvopopEnqueueRequests.validate(new EnqueueRequest(type, params)));
        assertEquals(parameter, e.parameter());
    }

    @Test
    void valid_requests_pass() {
        for (Map<String, Object> p : List.of(
                params("siloEntryId", SILO),
                params("args", Map.of("lang", "es")),
                params("args", Map.of()),
                params("siloEntryId", SILO, "args", Map.of("lang", "es"), "key", "k".repeat(255), "tags", List.of()),
                params("siloEntryId", SILO, "tags", List.of("billing-run-42")))) {
            assertDoesNotThrow(() -> InvopopEnqueueRequests.validate(new EnqueueRequest(WORKFLOW, p)), p.toString());
        }
        assertDoesNotThrow(() -> InvopopEnqueueRequests.validate(
                new EnqueueRequest(WORKFLOW.toUpperCase(), params("siloEntryId", SILO))));
    }

    @Test
    void the_request_becomes_the_create_job_body() {
        EnqueueRequest request = new EnqueueRequest(WORKFLOW, params("siloEntryId", SILO, "args", Map.of("lang", "es"),
                "key", "inv-1", "tags", List.of("a", "b")));
        assertEquals(new CreateTransformJob(WORKFLOW, SILO, Map.of("lang", "es"), "inv-1", List.of("a", "b"), null),
                InvopopEnqueueRequests.toWire(request));
        assertEquals(new CreateTransformJob(WORKFLOW, null, Map.of("lang", "es"), null, null, null),
                InvopopEnqueueRequests.toWire(new EnqueueRequest(WORKFLOW, params("args", Map.of("lang", "es")))));
    }
}
