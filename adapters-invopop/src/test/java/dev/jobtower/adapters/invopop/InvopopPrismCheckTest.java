package dev.jobtower.adapters.invopop;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.adapters.invopop.wire.TransformJob;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.VendorUnavailable;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The adapter against Prism, run by {@code src/test/prism/check.sh} (skipped otherwise): its requests against
 * {@code prism mock} (an invalid request answers 422), and the fixtures through {@code prism proxy --errors}
 * (a response that breaks the spec answers 500).
 */
@EnabledIfSystemProperty(named = "invopop.prism.mock", matches = ".+")
class InvopopPrismCheckTest {
    private static final ProviderAccount ACCOUNT =
            new ProviderAccount(new ConnectionId(UUID.randomUUID()), "prism-check-token", null);

    /** One line per validated item; the CI script (.ci/checks/prism-invopop.sh) prints them. */
    private static void validated(String what) {
        System.out.println("PRISM-CHECK " + what);
    }

    private static InvopopJobProvider providerAt(ApplicationContext ctx) {
        return ctx.getBean(InvopopJobProvider.class);
    }

    private static ApplicationContext contextFor(String url) {
        return ApplicationContext.run(Map.of("micronaut.http.services.invopop.url", url,
                "micronaut.http.services.invopop.read-timeout", "10s"));
    }

    private static List<EnqueueRequest> enqueues() {
        return List.of(
                new EnqueueRequest(TransformJobs.WORKFLOW_ID, Map.of("siloEntryId", TransformJobs.SILO_ENTRY_ID)),
                new EnqueueRequest(TransformJobs.WORKFLOW_ID, Map.of("args", Map.of("lang", "es"),
                        "key", "inv-2026-000123", "tags", List.of("billing-run-42"))));
    }

    @Test
    void every_request_the_adapter_sends_is_valid_for_prism_mock() {
        try (ApplicationContext ctx = contextFor(System.getProperty("invopop.prism.mock"))) {
            InvopopJobProvider provider = providerAt(ctx);
            VendorJob job = provider.fetch(ACCOUNT, "5b45453c-cdd0-11ed-afa1-0242ac120002");
            assertEquals(JobStatus.RUNNING, job.status(), "Prism's example: completed_at \"string\", last event ERR");
            assertEquals("string", job.name(), "the workflow example's name");
            validated("mock: GET /transform/v1/jobs/{id} and /workflows/{id} (fetch)");
            provider.fetchByKey(ACCOUNT, "sample-key-00001");
            validated("mock: GET /transform/v1/jobs/key/{key} (fetchByKey)");
            assertFalse(provider.discover(ACCOUNT, new DiscoveryScope(Instant.EPOCH, Set.of(), 3)).isEmpty());
            validated("mock: GET /transform/v1/jobs?limit (discover)");
            for (EnqueueRequest request : enqueues()) {
                provider.validateEnqueue(request);
                String id = provider.preassignExternalId(request).orElseThrow();
                EnqueueOutcome outcome = provider.enqueue(ACCOUNT, request, java.util.Optional.of(id));
                assertEquals(id, outcome.job().externalId());
                validated("mock: PUT /transform/v1/jobs/{id} " + request.params().keySet() + " (enqueue)");
            }
        }
    }

    @Test
    void the_fixtures_pass_prism_proxy_and_the_known_deviations_do_not() {
        int upstreamPort = Integer.parseInt(System.getProperty("invopop.prism.upstream-port"));
        WireMockServer upstream = new WireMockServer(options().bindAddress("127.0.0.1").port(upstreamPort));
        upstream.start();
        try (ApplicationContext ctx = contextFor(System.getProperty("invopop.prism.proxy"))) {
            JsonMapper json = ctx.getBean(JsonMapper.class);
            InvopopJobProvider provider = providerAt(ctx);
            upstream.stubFor(WireMock.get(urlPathMatching("/transform/v1/workflows/.+"))
                    .willReturn(okJson(Fixtures.text("spec/prism-workflow.json"))));

            Map<String, String> conforming = new java.util.LinkedHashMap<>();
            conforming.put("spec/prism-job.json", Fixtures.text("spec/prism-job.json"));
            conforming.put("reference/3.8b-completed-with-pdf.json", Fixtures.text("reference/3.8b-completed-with-pdf.json"));
            conforming.put("reference/3.8c-failed-after-rescue.json", Fixtures.text("reference/3.8c-failed-after-rescue.json"));
            Map<String, TransformJob> built = new java.util.LinkedHashMap<>();
            built.put("queued", TransformJobs.aJob().queued().build());
            built.put("running", TransformJobs.aJob().running().build());
            built.put("succeeded with a PDF", TransformJobs.aJob().succeeded().withPdf().tags("t").key("k")
                    .args(Map.of("a", "b")).build());
            built.put("failed", TransformJobs.aJob().failed().build());
            built.forEach((state, job) -> conforming.put("builder: " + state, TransformJobs.json(json, job)));
            for (Map.Entry<String, String> fixture : conforming.entrySet()) {
                String id = serve(upstream, fixture.getValue());
                try {
                    provider.fetch(ACCOUNT, id);
                } catch (VendorUnavailable e) {
                    throw new AssertionError(fixture.getKey() + " breaks the spec (Prism answered " + e.statusCode()
                            + "; see the proxy log)", e);
                }
                validated("proxy: job response " + fixture.getKey());
            }
            for (String deviating : List.of("seed/004-fetch-a-job.json", "reference/3.8a-in-progress.json")) {
                String id = serve(upstream, Fixtures.text(deviating));
                VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> provider.fetch(ACCOUNT, id), deviating);
                assertEquals(FailureCategory.HTTP_5XX, e.category());
                validated("proxy: known deviation " + deviating + " rejected as expected");
            }

            // The list names the spec example's job, whose id the seed page shares: serve the spec's body again.
            serve(upstream, Fixtures.text("spec/prism-job.json"));
            upstream.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/jobs"))
                    .willReturn(okJson(Fixtures.text("spec/prism-job-collection.json"))));
            assertFalse(provider.discover(ACCOUNT, new DiscoveryScope(Instant.EPOCH, Set.of(), 2)).isEmpty());
            validated("proxy: list response spec/prism-job-collection.json");

            upstream.stubFor(put(urlPathMatching("/transform/v1/jobs/.+")).willReturn(aResponse().withStatus(202)
                    .withHeader("Content-Type", "application/json").withBody(Fixtures.text("spec/prism-job.json"))));
            for (EnqueueRequest request : enqueues()) {
                provider.enqueue(ACCOUNT, request, provider.preassignExternalId(request));
                validated("proxy: PUT /transform/v1/jobs/{id} " + request.params().keySet() + ", 202 spec/prism-job.json");
            }
        } finally {
            upstream.stop();
        }
    }

    /** Serves a job body under its own id at the upstream; returns the id. */
    private static String serve(WireMockServer upstream, String body) {
        String id;
        try {
            id = (String) JsonMapper.createDefault().readValue(body, Map.class).get("id");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        upstream.stubFor(WireMock.get(urlPathEqualTo("/transform/v1/jobs/" + id)).willReturn(okJson(body)));
        return id;
    }
}
