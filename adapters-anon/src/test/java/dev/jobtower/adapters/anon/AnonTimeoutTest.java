package dev.jobtower.adapters.anon;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.VendorUnavailable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.jobtower.adapters.anon.AnonFixtures.aJob;
import static dev.jobtower.adapters.anon.AnonFixtures.aJobRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Calls anon does not answer within the read timeout (set short here, 3 s, against answers 7 s late; wide margins so a loaded machine does not time out the quick pre-reads). */
class AnonTimeoutTest {
    private static AnonVendor anon;

    @BeforeAll
    static void startAnon() {
        anon = new AnonVendor(Map.of("micronaut.http.services.anon.read-timeout", "3s"));
    }

    @AfterAll
    static void stopAnon() {
        anon.close();
    }

    @BeforeEach
    void resetAnon() {
        anon.reset();
    }

    @Test
    void a_read_that_times_out_is_TIMEOUT() {
        String runId = AnonFixtures.newId();
        anon.stub(WireMock.get(urlPathEqualTo("/api/v2/job-runs/" + runId))
                .willReturn(okJson(aJobRun().id(runId).toJson()).withFixedDelay(7_000)));

        VendorUnavailable e = assertThrows(VendorUnavailable.class, () -> anon.provider.fetch(anon.newAccount(), runId));

        assertEquals(FailureCategory.TIMEOUT, e.category());
    }

    @Test
    void a_start_that_times_out_is_TIMEOUT() {
        AnonFixtures.JobBuilder job = aJob();
        anon.jobWithWorkflows(job);
        anon.stub(WireMock.post(urlPathEqualTo("/api/v2/job-runs"))
                .willReturn(AnonVendor.json(201, aJobRun().of(job).toJson()).withFixedDelay(7_000)));

        VendorUnavailable e = assertThrows(VendorUnavailable.class,
                () -> anon.provider.enqueue(anon.newAccount(), new EnqueueRequest(job.id, Map.of()), Optional.empty()));

        assertEquals(FailureCategory.TIMEOUT, e.category());
        assertEquals(1, anon.requests(postRequestedFor(urlPathEqualTo("/api/v2/job-runs"))), "it was the start that timed out");
    }
}
