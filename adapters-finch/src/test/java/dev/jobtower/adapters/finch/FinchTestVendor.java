package dev.jobtower.adapters.finch;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.provider.ProviderAccount;
import io.micronaut.context.ApplicationContext;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A WireMock Finch and a Micronaut context whose {@link FinchJobProvider} calls it, started once per
 * test JVM and shared by the test classes (each resets the stubs before every test).
 */
final class FinchTestVendor {
    static final String TOKEN = "test-access-token";
    static final ProviderAccount ACCOUNT = new ProviderAccount(
            ConnectionId.of("0f8b7c2e-1d3a-4e5f-9a6b-7c8d9e0f1a2b"), TOKEN, null);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** Longer than {@link #READ_TIMEOUT}: a response this late is a timeout. */
    static final int LATE_MILLIS = 4_000;
    static final String TRUNCATED_JOB = "{\"job_id\":\"0b7b0a4e-5d8e-4d6f-9a77-2f1e9c1d3a10\",\"status\":\"in_pro";

    private static FinchTestVendor instance;

    final WireMockServer wm;
    final ApplicationContext context;
    final FinchJobProvider provider;

    private FinchTestVendor() {
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
        context = ApplicationContext.run(Map.of(
                "micronaut.http.services.finch.url", wm.baseUrl(),
                "micronaut.http.services.finch.read-timeout", READ_TIMEOUT.toMillis() + "ms"));
        provider = context.getBean(FinchJobProvider.class);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            wm.stop();
        }));
    }

    static synchronized FinchTestVendor get() {
        if (instance == null) {
            instance = new FinchTestVendor();
        }
        return instance;
    }

    /** Forgets every stub and request; unknown job ids then answer Finch's 404s (the automated one bodiless). */
    void reset() {
        wm.resetAll();
        // the 2026 spec: GET /jobs/automated/{job_id} answers 404 with no body
        wm.stubFor(WireMock.get(urlPathMatching("/jobs/automated/.+")).atPriority(10)
                .willReturn(aResponse().withStatus(404)));
        wm.stubFor(WireMock.get(urlPathMatching("/jobs/manual/.+")).atPriority(10)
                .willReturn(json(404, FinchJobs.fixture("errors/404-manual-not-found.json"))));
    }

    void givenAutomatedJob(String id, String body) {
        wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated/" + id)).willReturn(json(200, body)));
    }

    void givenManualJob(String id, String body) {
        wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/manual/" + id)).willReturn(json(200, body)));
    }

    /** Every request, whatever its path, is answered so (overrides the job stubs). */
    void givenEveryRequestAnswers(ResponseDefinitionBuilder response) {
        wm.stubFor(WireMock.any(anyUrl()).atPriority(1).willReturn(response));
    }

    void givenEveryRequestTimesOut() {
        givenEveryRequestAnswers(json(200, FinchJobs.fixture("automated/in_progress.json"))
                .withFixedDelay(LATE_MILLIS));
    }

    void givenEveryConnectionIsReset() {
        givenEveryRequestAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    int requestCount() {
        return wm.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount();
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
