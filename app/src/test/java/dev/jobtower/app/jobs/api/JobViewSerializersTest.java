package dev.jobtower.app.jobs.api;

import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.domain.job.Fault;
import dev.jobtower.domain.job.JobStatus;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.SerdeRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The hand-written job serializers are the ones serde uses, and they write what API.md's job looks like:
 * every field in order, nulls included, instants ISO-8601 (fractions as given), nested JSON verbatim.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobViewSerializersTest extends JobtowerTest {
    @Inject
    JsonMapper json;
    @Inject
    SerdeRegistry serde;

    static final UUID ID = UUID.fromString("0b7f3c1e-9a43-4f4e-8d55-2f0c6e3f6a01");
    static final UUID CONNECTION = UUID.fromString("5d2d1c43-77aa-4f0b-b0a2-1b9a3f6f2c10");

    static Map<String, Object> params() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("n", null);
        nested.put("list", Arrays.asList(1, 9_000_000_000L, 1.5, new BigDecimal("12.50"), true, null, "x"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("quote\"and\\slash", "line\nbreak é ✓");
        params.put("nested", nested);
        params.put("empty", new LinkedHashMap<>());
        return params;
    }

    static final String PARAMS = "{\"quote\\\"and\\\\slash\":\"line\\nbreak é ✓\",\"nested\":{\"n\":null,"
            + "\"list\":[1,9000000000,1.5,12.50,true,null,\"x\"]},\"empty\":{}}";

    @Test
    void serde_uses_the_hand_written_serializers() throws Exception {
        assertInstanceOf(JobViewSerializers.Full.class, serde.findSerializer(Argument.of(JobView.class)));
        assertInstanceOf(JobViewSerializers.Summary.class, serde.findSerializer(Argument.of(JobSummaryView.class)));
    }

    @Test
    void a_full_job_is_written_field_by_field() throws Exception {
        JobView view = new JobView(ID, "finch", "ext-1", CONNECTION, "payroll", null, JobStatus.FAILED, "VENDOR_ERROR",
                "failed", Instant.parse("2026-01-02T03:04:05Z"), null, Instant.parse("2026-01-02T03:04:05.120Z"),
                Instant.parse("2026-01-02T03:04:05.123456Z"), Instant.parse("2026-01-02T03:04:06Z"), params(),
                List.of("a", "b"), "https://vendor.example/jobs/1", null, List.of(), new ArrayList<>(),
                List.of(new Fault("finch", "E1", "bad <thing>", List.of("a.b"))), null, true, false, null);
        assertEquals("{\"id\":\"" + ID + "\",\"provider\":\"finch\",\"externalId\":\"ext-1\",\"connectionId\":\"" + CONNECTION
                        + "\",\"type\":\"payroll\",\"name\":null,\"status\":\"FAILED\",\"statusReason\":\"VENDOR_ERROR\","
                        + "\"vendorStatus\":\"failed\",\"createdAt\":\"2026-01-02T03:04:05Z\",\"scheduledAt\":null,"
                        + "\"startedAt\":\"2026-01-02T03:04:05.120Z\",\"completedAt\":\"2026-01-02T03:04:05.123456Z\","
                        + "\"updatedAt\":\"2026-01-02T03:04:06Z\",\"params\":" + PARAMS + ",\"tags\":[\"a\",\"b\"],"
                        + "\"vendorUrl\":\"https://vendor.example/jobs/1\",\"attributes\":null,\"steps\":[],\"attachments\":[],"
                        + "\"faults\":[{\"provider\":\"finch\",\"code\":\"E1\",\"message\":\"bad <thing>\",\"paths\":[\"a.b\"]}],"
                        + "\"syncedAt\":null,\"stale\":true,\"overdue\":false,\"overdueSince\":null}",
                json.writeValueAsString(view));
    }

    @Test
    void a_page_of_summaries_is_written_field_by_field() throws Exception {
        JobSummaryView item = new JobSummaryView(ID, "anon", "run-7", CONNECTION, "task", "Nightly", JobStatus.RUNNING,
                null, null, Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:00:00Z"), null, null,
                Instant.parse("2026-01-02T03:04:05.5Z"), null, List.of(), null, Instant.parse("2026-01-02T03:05:00Z"),
                false, true, Instant.parse("2026-01-03T00:00:00Z"));
        String one = "{\"id\":\"" + ID + "\",\"provider\":\"anon\",\"externalId\":\"run-7\",\"connectionId\":\"" + CONNECTION
                + "\",\"type\":\"task\",\"name\":\"Nightly\",\"status\":\"RUNNING\",\"statusReason\":null,\"vendorStatus\":null,"
                + "\"createdAt\":\"2026-01-02T03:04:05Z\",\"scheduledAt\":\"2026-01-02T03:00:00Z\",\"startedAt\":null,"
                + "\"completedAt\":null,\"updatedAt\":\"2026-01-02T03:04:05.500Z\",\"params\":null,\"tags\":[],\"vendorUrl\":null,"
                + "\"syncedAt\":\"2026-01-02T03:05:00Z\",\"stale\":false,\"overdue\":true,\"overdueSince\":\"2026-01-03T00:00:00Z\"}";
        assertEquals("{\"items\":[" + one + "," + one + "],\"nextCursor\":\"c1\"}",
                json.writeValueAsString(new JobsController.JobList(List.of(item, item), "c1")));
        assertEquals("{\"items\":[],\"nextCursor\":null}", json.writeValueAsString(new JobsController.JobList(List.of(), null)));
    }
}
