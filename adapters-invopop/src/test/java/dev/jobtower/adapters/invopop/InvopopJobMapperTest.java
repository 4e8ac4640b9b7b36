package dev.jobtower.adapters.invopop;

import dev.jobtower.domain.vendor.LenientInstants;
import dev.jobtower.adapters.invopop.wire.TransformJobCollection;
import dev.jobtower.adapters.invopop.wire.TransformWorkflow;
import dev.jobtower.domain.job.Attachment;
import dev.jobtower.domain.job.Fault;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.Step;
import dev.jobtower.domain.job.StepEvent;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.VendorUnavailable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invopop job bodies (the seed page, the spec's examples as Prism serves them, REFERENCE.md 3.8) as unified jobs. */
class InvopopJobMapperTest {
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private static VendorJob map(byte[] body) {
        return InvopopJobMapper.toVendorJob(InvopopPayload.read(JSON, body), "Workflow name");
    }

    private static VendorJob fixture(String path) {
        return map(Fixtures.bytes(path));
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void the_seed_page_example_maps_with_its_placeholders_treated_as_absent() {
        VendorJob job = fixture("seed/004-fetch-a-job.json");
        assertEquals("5b45453c-cdd0-11ed-afa1-0242ac120002", job.externalId());
        assertEquals("186522a6-e697-4e34-8498-eee961bcb845", job.type());
        assertEquals("Workflow name", job.name());
        // completed_at "string" does not parse: absent, so the job is not completed; its last event is ERR.
        assertEquals(JobStatus.RUNNING, job.status());
        assertEquals(StatusReason.RETRYING, job.statusReason());
        assertEquals("string", job.vendorStatus());
        assertNull(job.createdAt());
        assertNull(job.completedAt());
        assertNull(job.vendorUpdatedAt());
        assertEquals(List.of("string"), job.tags());
        assertEquals(List.of(new Attachment("b564ff94-7823-4f54-975e-280feb38df3f", null, "my-file.pdf",
                "My file description.", "application/pdf", 12345L,
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "string")), job.attachments());
        Step step = job.steps().get(0);
        assertEquals("b564ff94-7823-4f54-975e-280feb38df3f", step.id());
        assertNull(step.name(), "a legacy intent (integration_id) has no step name");
        assertEquals(JobStatus.RUNNING, step.status());
        assertEquals("ERR", step.vendorStatus());
        assertEquals(List.of(new StepEvent(null, at("2021-09-15T15:04:05.999Z"), "ERR", "string", "string")),
                step.events(), "index \"integer\" is absent, the rest is kept");
        assertEquals(attributes("75fa764a-cdd0-11ed-afa1-0242ac120002", null,
                "186522a6-e697-4e34-8498-eee961bcb845", false, null), job.attributes());
        assertEquals(Map.of("siloEntryId", "75fa764a-cdd0-11ed-afa1-0242ac120002"), job.params());
        assertFalse(job.rawPayload().contains("envelope"));
    }

    @Test
    void the_spec_example_as_prism_serves_it_maps() {
        VendorJob job = fixture("spec/prism-job.json");
        assertEquals("5b45453c-cdd0-11ed-afa1-0242ac120002", job.externalId());
        // Every timestamp is "string": absent. Not completed, last event ERR.
        assertEquals(JobStatus.RUNNING, job.status());
        assertEquals(StatusReason.RETRYING, job.statusReason());
        assertNull(job.createdAt());
        assertEquals(12345L, job.attachments().get(0).size(), "size as a number");
        assertEquals("pdf", job.attachments().get(0).key());
        assertEquals(List.of(new Fault("pdf", "string", "string", List.of())), job.faults());
        Step step = job.steps().get(0);
        assertEquals("PDF Generation", step.name());
        assertEquals(new StepEvent(0, at("2021-09-15T15:04:05.999Z"), "ERR", "string", "string"), step.events().get(0));
        assertEquals(JobStatus.RUNNING, step.status(), "the step is flagged completed, but its last word is ERR");
        assertEquals(Boolean.TRUE, job.attributes().get("hasEnvelope"));
        assertEquals(2L, job.attributes().get("envelopeSize"), "{} is two bytes");
        assertEquals("string", job.attributes().get("key"));
        assertEquals(Map.of("property1", "string", "property2", "string"), job.params().get("args"));
    }

    @Test
    void the_spec_list_and_workflow_examples_read() throws Exception {
        TransformJobCollection page = InvopopJson.read(JSON, Fixtures.bytes("spec/prism-job-collection.json"),
                TransformJobCollection.class);
        assertEquals(1, page.items().size());
        assertEquals("5b45453c-cdd0-11ed-afa1-0242ac120002", page.items().get(0).id());
        assertEquals("string", page.nextCursor());
        TransformWorkflow workflow = InvopopJson.read(JSON, Fixtures.bytes("spec/prism-workflow.json"),
                TransformWorkflow.class);
        assertEquals("string", workflow.name());
    }

    @Test
    void reference_a_in_progress_with_a_step_being_retried() {
        VendorJob job = fixture("reference/3.8a-in-progress.json");
        assertEquals(JobStatus.RUNNING, job.status());
        assertEquals(StatusReason.RETRYING, job.statusReason());
        assertEquals("ERR", job.vendorStatus());
        assertEquals(at("2026-04-30T08:39:18.549Z"), job.createdAt());
        assertEquals(at("2026-04-30T08:39:22.938Z"), job.vendorUpdatedAt());
        assertEquals(at("2026-04-30T08:39:18.600Z"), job.startedAt(), "when the first step began");
        assertNull(job.completedAt());
        assertEquals(2, job.steps().size());
        Step sign = job.steps().get(0);
        assertEquals(new Step("b564ff94-7823-4f54-975e-280feb38df3f", "Sign envelope", JobStatus.SUCCEEDED, "OK",
                at("2026-04-30T08:39:18.600Z"), at("2026-04-30T08:39:18.700Z"), List.of(
                new StepEvent(0, at("2026-04-30T08:39:18.600Z"), "RUN", null, null),
                new StepEvent(1, at("2026-04-30T08:39:18.700Z"), "OK", null, null))), sign);
        Step webhook = job.steps().get(1);
        assertEquals("Send webhook", webhook.name());
        assertEquals(JobStatus.RUNNING, webhook.status());
        assertNull(webhook.completedAt());
        assertEquals(new StepEvent(1, at("2026-04-30T08:39:22.938Z"), "ERR", "503", "Service Unavailable"),
                webhook.events().get(1));
        assertEquals(Map.of("siloEntryId", "082ded41-31f7-429a-a740-0d2b7cc5707f", "key", "inv-2026-000123"),
                job.params());
        assertEquals(attributes("082ded41-31f7-429a-a740-0d2b7cc5707f", "inv-2026-000123",
                "92191cd1-89f0-4a40-8c7a-62903b890995", false, null), job.attributes(), "\"envelope\": null is no envelope");
    }

    @Test
    void reference_b_completed_with_a_pdf() {
        VendorJob job = fixture("reference/3.8b-completed-with-pdf.json");
        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertNull(job.statusReason());
        assertEquals("OK", job.vendorStatus());
        assertEquals(at("2026-04-30T08:39:58.102Z"), job.completedAt());
        assertEquals(List.of("billing-run-42"), job.tags());
        assertEquals(new Attachment("b564ff94-7823-4f54-975e-280feb38df3f", "pdf", "invoice.pdf", null,
                "application/pdf", 48211L, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "https://…/invoice.pdf"), job.attachments().get(0));
        assertEquals("PDF Generation", job.steps().get(0).name());
        assertEquals(JobStatus.SUCCEEDED, job.steps().get(0).status());
        assertEquals(at("2026-04-30T08:39:58.090Z"), job.steps().get(0).completedAt());
    }

    @Test
    void reference_c_failed_after_its_rescue_flow() {
        VendorJob job = fixture("reference/3.8c-failed-after-rescue.json");
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals(StatusReason.VENDOR_ERROR, job.statusReason());
        assertEquals("KO", job.vendorStatus());
        assertEquals(List.of(new Fault("verifactu", "1105", "supplier not registered", List.of("$.doc.supplier.tax_id"))),
                job.faults());
        Step step = job.steps().get(0);
        assertEquals(JobStatus.FAILED, step.status());
        assertEquals(new StepEvent(1, at("2026-05-04T11:00:02.900Z"), "KO", "1105", "supplier not registered"),
                step.events().get(1));
    }

    @Test
    void a_rescue_flow_ending_OK_after_a_KO_is_still_FAILED_by_its_faults() {
        String body = TransformJobs.json(JSON, TransformJobs.aJob().status("OK").completedAt("2026-05-04T11:00:03.512Z")
                .intent(TransformJobs.anIntentWithEvents("RUN", "KO"))
                .intent(TransformJobs.anIntentWithEvents("RUN", "OK"))
                .withFault("verifactu", "1105", "supplier not registered").build());
        VendorJob job = map(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals(List.of(JobStatus.FAILED, JobStatus.SUCCEEDED), job.steps().stream().map(Step::status).toList());
    }

    @Test
    void the_raw_payload_is_the_job_without_its_envelope_and_attributes_say_how_big_it_was() throws Exception {
        String body = "{\"id\":\"2b467620-4470-11f1-a2d4-d9f6d57a55c9\",\"status\":\"OK\","
                + "\"envelope\":{\"$schema\":\"https://gobl.org/draft-0/envelope\",\"doc\":{\"supplier\":{\"name\":\"Café Ñ\"}}},"
                + "\"tags\":[],\"args\":{},\"intents\":[],\"vendor_extra\":{\"n\":1}}";
        VendorJob job = map(body.getBytes(StandardCharsets.UTF_8));
        JsonNode raw = JSON.readValue(job.rawPayload(), JsonNode.class);
        assertNull(raw.get("envelope"));
        assertEquals(List.of("id", "status", "tags", "args", "intents", "vendor_extra"), fieldNames(raw),
                "everything else is kept, in order, empty lists and objects and unknown fields too");
        String envelope = "{\"$schema\":\"https://gobl.org/draft-0/envelope\",\"doc\":{\"supplier\":{\"name\":\"Café Ñ\"}}}";
        assertEquals(Boolean.TRUE, job.attributes().get("hasEnvelope"));
        assertEquals((long) envelope.getBytes(StandardCharsets.UTF_8).length, job.attributes().get("envelopeSize"),
                "bytes, not characters");
    }

    @Test
    void a_job_without_envelope_key_has_no_envelope() {
        VendorJob job = map(TransformJobs.json(JSON, TransformJobs.aJob().succeeded().build()).getBytes(StandardCharsets.UTF_8));
        assertEquals(Boolean.FALSE, job.attributes().get("hasEnvelope"));
        assertNull(job.attributes().get("envelopeSize"));
        assertTrue(job.attributes().containsKey("envelopeSize"), "the five attribute names are always there");
    }

    @Test
    void sizes_arrive_as_numbers_or_strings() {
        String body = "{\"id\":\"x1\",\"attachments\":[{\"id\":\"a\",\"size\":48211},{\"id\":\"b\",\"size\":\"12345\"},"
                + "{\"id\":\"c\",\"size\":\"string\"},{\"id\":\"d\",\"size\":null},{\"id\":\"e\",\"size\":1.5},"
                + "{\"id\":\"f\",\"meta\":{\"pages\":\"2\",\"n\":3,\"nested\":{}}}]}";
        List<Long> sizes = map(body.getBytes(StandardCharsets.UTF_8)).attachments().stream().map(Attachment::size).toList();
        assertEquals(java.util.Arrays.asList(48211L, 12345L, null, null, null, null), sizes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"string", "", "yesterday", "2026-13-45T99:00:00Z"})
    void timestamps_that_do_not_parse_are_absent(String text) {
        String body = "{\"id\":\"x1\",\"created_at\":\"" + text + "\",\"updated_at\":\"" + text + "\",\"completed_at\":\""
                + text + "\",\"status\":\"OK\"}";
        VendorJob job = map(body.getBytes(StandardCharsets.UTF_8));
        assertNull(job.createdAt());
        assertNull(job.vendorUpdatedAt());
        assertNull(job.completedAt());
        assertEquals(JobStatus.RUNNING, job.status(), "an unreadable completed_at does not complete the job");
    }

    @Test
    void timestamps_with_offsets_or_without_zone_parse() {
        assertEquals(at("2026-04-30T07:39:18.549Z"), LenientInstants.parse("2026-04-30T08:39:18.549+01:00"));
        assertEquals(at("2026-04-30T08:39:18Z"), LenientInstants.parse("2026-04-30T08:39:18"));
        assertEquals(at("2026-04-30T08:39:18Z"), LenientInstants.parse("2026-04-30 08:39:18Z"));
        assertNull(LenientInstants.parse(null));
    }

    @Test
    void legacy_and_current_intents_both_map() {
        String body = "{\"id\":\"x1\",\"intents\":["
                + "{\"id\":\"i1\",\"integration_id\":\"8d49556b-ff63-477b-9cd3-32c986c1c77b\",\"completed\":true,"
                + "\"events\":[{\"index\":0,\"status\":\"OK\",\"at\":\"2026-04-30T08:39:18.600Z\"}]},"
                + "{\"id\":\"i2\",\"step_id\":\"2f7e1c3a-4b5d-4e6f-9a0b-1c2d3e4f5a6b\",\"name\":\"Send webhook\","
                + "\"provider\":\"webhook\",\"events\":[{\"index\":0,\"status\":\"RUN\",\"at\":\"2026-04-30T08:39:19Z\"}]},"
                + "{\"id\":\"i3\",\"step_id\":\"3f7e1c3a-4b5d-4e6f-9a0b-1c2d3e4f5a6b\",\"provider\":\"pdf\","
                + "\"created_at\":\"2026-04-30T08:39:20Z\"}]}";
        List<Step> steps = map(body.getBytes(StandardCharsets.UTF_8)).steps();
        assertEquals(List.of("i1", "i2", "i3"), steps.stream().map(Step::id).toList(), "in order");
        assertEquals(java.util.Arrays.asList(null, "Send webhook", "pdf"), steps.stream().map(Step::name).toList(),
                "the name, else the provider");
        assertEquals(List.of(JobStatus.SUCCEEDED, JobStatus.RUNNING, JobStatus.QUEUED),
                steps.stream().map(Step::status).toList());
        assertEquals(at("2026-04-30T08:39:20Z"), steps.get(2).startedAt(), "no events: when the intent was created");
    }

    @Test
    void an_older_job_with_meta_instead_of_args_keeps_them_as_args_and_its_fault_needs_no_paths() {
        VendorJob job = fixture("drift/job-with-meta.json");
        assertEquals(Map.of("lang", "es", "series", "F2025"), job.params().get("args"));
        assertEquals(List.of(new Fault("pdf", "500", "template rendering failed", List.of())), job.faults());
        assertEquals(JobStatus.FAILED, job.status(), "completed with a fault");
    }

    @Test
    void args_and_meta_together_are_merged_with_args_winning() {
        VendorJob job = map(("{\"id\":\"x1\",\"args\":{\"lang\":\"pt\",\"a\":\"1\"},\"meta\":{\"lang\":\"es\",\"m\":\"2\"}}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("lang", "pt", "a", "1", "m", "2"), job.params().get("args"));
        VendorJob argsOnly = map("{\"id\":\"x1\",\"args\":{\"lang\":\"pt\"},\"meta\":null}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("lang", "pt"), argsOnly.params().get("args"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",\"paths\":null", ",\"paths\":[]", ",\"paths\":[null]", ",\"paths\":42", ",\"paths\":{\"a\":1}"})
    void a_fault_without_usable_paths_has_none_and_the_job_still_reads(String paths) {
        VendorJob job = map(("{\"id\":\"x1\",\"completed_at\":\"2026-05-04T11:00:03.512Z\",\"faults\":[{\"provider\":\"verifactu\","
                + "\"code\":\"1105\",\"message\":\"supplier not registered\"" + paths + "}]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new Fault("verifactu", "1105", "supplier not registered", List.of())), job.faults());
        assertEquals(JobStatus.FAILED, job.status());
    }

    @Test
    void fault_paths_keep_their_strings_and_a_single_string_is_one_path() {
        VendorJob job = map(("{\"id\":\"x1\",\"faults\":[{\"provider\":\"a\",\"paths\":[\"$.doc.x\",null,7,\"$.doc.y\"]},"
                + "{\"provider\":\"b\",\"paths\":\"$.doc.z\"}]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new Fault("a", null, null, List.of("$.doc.x", "$.doc.y")), new Fault("b", null, null, List.of("$.doc.z"))),
                job.faults());
    }

    @Test
    void missing_keys_and_nulls_are_alike() {
        VendorJob sparse = map("{\"id\":\"x1\"}".getBytes(StandardCharsets.UTF_8));
        VendorJob nulls = map(("{\"id\":\"x1\",\"status\":null,\"intents\":null,\"faults\":null,\"attachments\":null,"
                + "\"tags\":null,\"args\":null,\"completed_at\":null,\"workflow_id\":null}").getBytes(StandardCharsets.UTF_8));
        assertEquals(JobStatus.QUEUED, sparse.status());
        assertEquals(sparse.toBuilder().rawPayload(null).build(), nulls.toBuilder().rawPayload(null).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{\"id\":\"13cc2d50\",\"status\":\"RU", "[]", "\"job\"", "{\"status\":\"OK\"}",
            "{\"id\":\"\"}", "{\"id\":42,\"intents\":{}}", "null"})
    void bodies_that_are_not_a_readable_job_are_MALFORMED(String body) {
        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> map(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(FailureCategory.MALFORMED, e.category());
    }

    private static Map<String, Object> attributes(String silo, String key, String workflow, boolean hasEnvelope,
                                                  Long size) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("siloEntryId", silo);
        m.put("key", key);
        m.put("workflowId", workflow);
        m.put("hasEnvelope", hasEnvelope);
        m.put("envelopeSize", size);
        return m;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.entries().forEach(e -> names.add(e.getKey()));
        return names;
    }
}
