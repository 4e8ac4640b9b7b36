package dev.jobtower.adapters.finch.demo;

import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Finch simulator as Finch's 2026 OpenAPI document says, with Finch's official Node SDK
 * (@tryfinch/finch-api 10.7.0) as its client: the SDK calls {@code prism proxy --errors} of the document, which
 * forwards to the simulator and answers 500 (an SDK error, failing this test) for any answer that breaks the
 * document. Covers jobs.automated.create/retrieve/list, the five benefits calls and jobs.manual.retrieve of their
 * jobs, both 404s, the jobs after their lives, and each webhook the simulator sends, checked as the document's
 * JobCompletionEvent by the schema harness. Run by {@code .ci/checks/prism-finch.sh}; skipped in the normal build.
 */
@EnabledIfSystemProperty(named = "finch.sdk.dir", matches = ".+")
class FinchSimulatorSdkCheckTest {
    private static final String TOKEN = "sdk-check-token";
    private static final String SECRET = Base64.getEncoder().encodeToString("sdk check webhook secret".getBytes(StandardCharsets.UTF_8));
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private static SimulatedFinch finch;

    @BeforeAll
    static void start() {
        finch = new SimulatedFinch(FinchSimulator.Settings.demo().withBenefitsEvery(null),
                Integer.parseInt(System.getProperty("finch.sdk.simulator-port")));
    }

    @AfterAll
    static void stop() {
        finch.close();
    }

    private static void validated(String what) {
        System.out.println("PRISM-CHECK simulator: " + what);
    }

    /** Runs the SDK script; its JSON output, or the test fails with what the SDK (and Prism) said. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sdk(String... args) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("finch.sdk.script"));
        // ESM resolves packages from the script's own folder upwards: run a copy beside the SDK's node_modules
        Path copy = Path.of(System.getProperty("finch.sdk.dir")).resolve(script.getFileName());
        Files.copy(script, copy, StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of("node", copy.toString(), System.getProperty("finch.sdk.proxy"), TOKEN));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the SDK script did not finish in 60 s");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "the SDK failed (a 500 from Prism is an answer that breaks the document): " + err + out);
        return JSON.readValue(out.getBytes(StandardCharsets.UTF_8), Map.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_official_sdk_works_against_the_simulator_and_prism_finds_nothing_wrong() throws Exception {
        finch.simulator.registerWebhook(TOKEN, finch.webhookUrl(), SECRET);

        Map<String, Object> start = sdk("start");
        Map<String, Object> created = (Map<String, Object>) start.get("created");
        String automatedId = (String) created.get("job_id");
        assertEquals(automatedId, ((Map<String, Object>) start.get("retrieved")).get("job_id"));
        assertEquals("pending", ((Map<String, Object>) start.get("retrieved")).get("status"));
        List<Map<String, Object>> listed = (List<Map<String, Object>>) ((Map<String, Object>) start.get("list")).get("data");
        assertEquals(2, listed.size(), "the data sync and the W-4 sync; manual jobs are not listed");
        assertEquals(FinchSimulator.connectionIdOf(TOKEN), ((Map<String, Object>) start.get("introspect")).get("connection_id"));
        validated("SDK jobs.automated.create (data_sync_all, w4_form_employee_sync), retrieve, list, account.introspect"
                + " through prism proxy --errors");

        Map<String, Object> manual = (Map<String, Object>) start.get("manual");
        Map<String, Object> benefits = (Map<String, Object>) start.get("benefits");
        List<String> manualIds = new ArrayList<>();
        for (String call : FinchSimulator.BENEFITS_CALLS) {
            String jobId = (String) ((Map<String, Object>) benefits.get(call)).get("job_id");
            assertEquals(jobId, ((Map<String, Object>) manual.get(call)).get("job_id"), call);
            assertEquals("pending", ((Map<String, Object>) manual.get(call)).get("status"), call);
            manualIds.add(jobId);
        }
        validated("SDK hris.benefits.create/update/register, individuals.enrollMany/unenrollMany, jobs.manual.retrieve of each job");
        assertEquals(404, ((Map<String, Object>) start.get("automatedNotFound")).get("status"));
        assertNull(((Map<String, Object>) start.get("automatedNotFound")).get("error"), "the automated 404 has no body");
        assertEquals(Map.of("code", 404, "finch_code", "item_not_found", "name", "not_found_error",
                        "message", "could not find job with id '" + automatedId + "'"),
                ((Map<String, Object>) start.get("manualNotFound")).get("error"));
        validated("404s: GET /jobs/automated/{job_id} with no body, GET /jobs/manual/{job_id} {code, finch_code, name, message}");

        finch.clock.advance(Duration.ofMinutes(1)); // past every job's life
        List<String> readArgs = new ArrayList<>(List.of("read", automatedId));
        readArgs.addAll(manualIds);
        Map<String, Object> read = sdk(readArgs.toArray(String[]::new));
        assertTrue(((Map<String, Object>) read.get("automated")).get("completed_at") != null);
        for (Map<String, Object> job : (List<Map<String, Object>>) read.get("manual")) {
            assertTrue(List.of("complete", "error").contains(job.get("status")), job.toString());
        }
        validated("SDK retrieve of the finished automated job and the finished manual jobs");

        finch.simulator.deliverDueWebhooks();
        int expected = 2 + FinchSimulator.BENEFITS_CALLS.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> finch.webhooks.deliveries.size() == expected);
        List<String> eventTypes = new ArrayList<>();
        for (WebhookDelivery delivery : finch.webhooks.deliveries) {
            HttpResponse<String> checked = HTTP.send(HttpRequest.newBuilder(URI.create(System.getProperty("finch.prism.schemas")
                            + "/components/schemas/JobCompletionEvent")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, checked.statusCode(), new String(delivery.body(), StandardCharsets.UTF_8) + " -> " + checked.body());
            WebhookSignal signal = finch.provider.readWebhook(delivery, SECRET, finch.clock.instant());
            assertEquals(WebhookSignal.Disposition.ACTIONABLE, signal.disposition());
            eventTypes.add(signal.eventType());
        }
        for (String call : FinchSimulator.BENEFITS_CALLS) {
            assertTrue(eventTypes.contains("job.benefit_" + call + ".completed"), eventTypes.toString());
        }
        validated("each webhook the simulator sent (" + eventTypes + ") is a JobCompletionEvent and verifies");
    }
}
