package dev.jobtower.adapters.invopop;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.jobtower.adapters.invopop.wire.TransformJob;
import dev.jobtower.domain.provider.EnqueueRequest;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fixtures and requests stay faithful to Invopop's spec ({@code transform_v1.yaml}, vendored under
 * {@code src/test/resources/invopop/spec/}): what the tests serve as Invopop, and what the adapter sends.
 * The verbatim doc examples under {@code seed/} and {@code reference/} deviate from it, and are known to.
 */
class InvopopSpecConformanceTest {
    private static final OpenApiSchemas SPEC = OpenApiSchemas.transformV1();
    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static InvopopVendor vendor;

    @BeforeAll
    static void startVendor() {
        vendor = InvopopVendor.start();
    }

    @AfterAll
    static void stopVendor() {
        vendor.close();
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json.getBytes(StandardCharsets.UTF_8), Object.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> asJob(String json) {
        return SPEC.violations(parse(json), SPEC.response("/transform/v1/jobs/{id}", "get", "200"));
    }

    @Test
    void the_spec_fixtures_conform() {
        assertEquals(List.of(), asJob(Fixtures.text("spec/prism-job.json")));
        assertEquals(List.of(), SPEC.violations(parse(Fixtures.text("spec/prism-job-collection.json")),
                SPEC.response("/transform/v1/jobs", "get", "200")));
        assertEquals(List.of(), SPEC.violations(parse(Fixtures.text("spec/prism-workflow.json")),
                SPEC.response("/transform/v1/workflows/{id}", "get", "200")));
    }

    @Test
    void the_jobs_the_test_builders_serve_conform() {
        for (TransformJob job : List.of(TransformJobs.aJob().queued().build(), TransformJobs.aJob().running().build(),
                TransformJobs.aJob().succeeded().withPdf().tags("billing-run-42").key("inv-1")
                        .args(Map.of("lang", "es")).envelope(Map.of("doc", Map.of())).build(),
                TransformJobs.aJob().failed().build())) {
            assertEquals(List.of(), asJob(TransformJobs.json(JSON, job)), job.toString());
        }
        assertEquals(List.of(), SPEC.violations(parse(TransformJobs.json(JSON, TransformJobs.aPage("c",
                        InvopopVendor.summary(TransformJobs.aJob().running().build())))),
                SPEC.response("/transform/v1/jobs", "get", "200")));
        assertEquals(List.of(), SPEC.violations(parse(TransformJobs.json(JSON,
                        TransformJobs.aWorkflow(TransformJobs.WORKFLOW_ID, "Send to SDI"))),
                SPEC.response("/transform/v1/workflows/{id}", "get", "200")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference/3.8b-completed-with-pdf.json", "reference/3.8c-failed-after-rescue.json",
            "drift/job-with-meta.json"})
    void the_reference_examples_b_and_c_and_an_older_job_with_meta_conform(String fixture) {
        assertEquals(List.of(), asJob(Fixtures.text(fixture)));
    }

    @Test
    void the_seed_page_and_reference_a_are_known_to_deviate() {
        List<String> seed = asJob(Fixtures.text("seed/004-fetch-a-job.json"));
        assertTrue(seed.contains("$.attachments[0].size must be integer but is String 12345"), seed.toString());
        assertTrue(seed.stream().anyMatch(v -> v.startsWith("$.intents[0].completed must be boolean")), seed.toString());
        assertTrue(seed.stream().anyMatch(v -> v.startsWith("$.envelope is null")), seed.toString());
        assertEquals(List.of("$.envelope is null but not nullable"), asJob(Fixtures.text("reference/3.8a-in-progress.json")));
    }

    @Test
    void the_PUT_the_adapter_sends_conforms() {
        vendor.reset();
        vendor.wm.stubFor(put(urlPathMatching("/transform/v1/jobs/.*")).willReturn(aResponse().withStatus(202)));
        List<EnqueueRequest> requests = List.of(
                new EnqueueRequest(TransformJobs.WORKFLOW_ID, Map.of("siloEntryId", TransformJobs.SILO_ENTRY_ID)),
                new EnqueueRequest(TransformJobs.WORKFLOW_ID, Map.of("args", Map.of("lang", "es"), "key", "inv-1",
                        "tags", List.of("a", "b"))));
        for (EnqueueRequest request : requests) {
            Optional<String> id = vendor.provider.preassignExternalId(request);
            vendor.provider.enqueue(vendor.account, request, id);
        }
        List<LoggedRequest> puts = vendor.wm.findAll(putRequestedFor(urlPathMatching("/transform/v1/jobs/.*")));
        assertEquals(2, puts.size());
        for (LoggedRequest put : puts) {
            assertEquals(List.of(), SPEC.violations(parse(put.getBodyAsString()),
                    SPEC.requestBody("/transform/v1/jobs/{id}", "put")), put.getBodyAsString());
            String id = put.getUrl().substring(put.getUrl().lastIndexOf('/') + 1);
            assertEquals(List.of(), SPEC.violations(id, SPEC.parameter("/transform/v1/jobs/{id}", "put", "id")));
        }
    }

    @Test
    void the_checker_itself_finds_type_errors() {
        List<String> v = asJob("{\"id\":5,\"intents\":[{\"events\":[{\"index\":\"0\"}]}],\"tags\":\"x\"}");
        assertEquals(List.of("$.id must be string but is Integer 5",
                "$.intents[0].events[0].index must be integer but is String 0",
                "$.tags must be array but is String x"), v);
        assertFalse(SPEC.violations(parse("{}"), SPEC.requestBody("/transform/v1/jobs/{id}", "put")).isEmpty(),
                "workflow_id is required");
    }

    @Test
    void the_vendored_spec_is_the_shared_one() throws IOException {
        Path shared = Path.of("../../shared/vendors/specs/invopop-transform-v1.openapi.yaml");
        assumeTrue(Files.exists(shared), "shared/ is not beside the work tree");
        assertEquals(Files.readString(shared), OpenApiSchemas.specText());
    }
}
