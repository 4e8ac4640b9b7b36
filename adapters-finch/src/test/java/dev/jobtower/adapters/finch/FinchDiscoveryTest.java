package dev.jobtower.adapters.finch;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.VendorUnavailable;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.jobtower.adapters.finch.FinchJobs.anAutomatedJob;
import static dev.jobtower.adapters.finch.FinchJobs.fixture;
import static dev.jobtower.adapters.finch.FinchTestVendor.ACCOUNT;
import static dev.jobtower.adapters.finch.FinchTestVendor.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Discovery pages through {@code GET /jobs/automated} with {@code limit}/{@code offset}. */
class FinchDiscoveryTest {
    private static final FinchTestVendor VENDOR = FinchTestVendor.get();
    private static final int PAGE = 2;
    private static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");
    private static HttpClient client;
    /** A provider with pages of two jobs, so that paging shows with a handful of stubs. */
    private static FinchJobProvider provider;

    @BeforeAll
    static void smallPages() throws Exception {
        client = HttpClient.create(URI.create(VENDOR.wm.baseUrl()).toURL());
        provider = new FinchJobProvider(client, VENDOR.context.getBean(JsonMapper.class), "2020-09-17", PAGE,
                Clock.fixed(Instant.parse("2026-03-03T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @BeforeEach
    void resetVendor() {
        VENDOR.reset();
    }

    private static void givenPage(int offset, FinchJobs.AutomatedJob... jobs) {
        givenPage(offset, PAGE, jobs);
    }

    private static void givenPage(int offset, int limit, FinchJobs.AutomatedJob... jobs) {
        String data = String.join(",", Arrays.stream(jobs).map(FinchJobs.AutomatedJob::json).toList());
        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated"))
                .withQueryParam("limit", equalTo(Integer.toString(limit)))
                .withQueryParam("offset", equalTo(Integer.toString(offset)))
                .willReturn(json(200, "{\"meta\":{\"quotas\":{}},\"data\":[" + data + "]}")));
    }

    private static DiscoveryScope since(Instant since, int maxJobs) {
        return new DiscoveryScope(since, Set.of(), maxJobs);
    }

    private static List<String> ids(List<VendorJob> jobs) {
        return jobs.stream().map(VendorJob::externalId).toList();
    }

    private static int listRequests() {
        return VENDOR.wm.findAll(getRequestedFor(urlPathEqualTo("/jobs/automated"))).size();
    }

    @Test
    void pages_until_a_short_page() {
        FinchJobs.AutomatedJob a = anAutomatedJob(), b = anAutomatedJob(), c = anAutomatedJob(),
                d = anAutomatedJob(), e = anAutomatedJob();
        givenPage(0, a, b);
        givenPage(2, c, d);
        givenPage(4, e);

        List<VendorJob> found = provider.discover(ACCOUNT, since(LONG_AGO, 100));

        assertEquals(List.of(a.id(), b.id(), c.id(), d.id(), e.id()), ids(found));
        assertEquals(3, listRequests());
    }

    @Test
    void pages_until_an_empty_page() {
        FinchJobs.AutomatedJob a = anAutomatedJob(), b = anAutomatedJob();
        givenPage(0, a, b);
        givenPage(2);

        assertEquals(List.of(a.id(), b.id()), ids(provider.discover(ACCOUNT, since(LONG_AGO, 100))));
        assertEquals(2, listRequests());
    }

    @Test
    void jobs_created_before_since_are_left_out_and_a_page_of_only_those_ends_the_scan() {
        Instant since = Instant.parse("2026-03-01T00:00:00Z");
        FinchJobs.AutomatedJob fresh = anAutomatedJob().createdAt("2026-03-02T10:00:00Z");
        FinchJobs.AutomatedJob undated = anAutomatedJob().with("created_at", null);
        FinchJobs.AutomatedJob freshToo = anAutomatedJob().createdAt("2026-03-01T00:00:00Z");
        FinchJobs.AutomatedJob old = anAutomatedJob().createdAt("2026-02-27T10:00:00Z");
        FinchJobs.AutomatedJob older = anAutomatedJob().createdAt("2026-02-20T10:00:00Z");
        FinchJobs.AutomatedJob oldest = anAutomatedJob().createdAt("2026-02-10T10:00:00Z");
        givenPage(0, fresh, undated);
        givenPage(2, freshToo, old);
        givenPage(4, older, oldest);
        givenPage(6, anAutomatedJob(), anAutomatedJob());

        List<VendorJob> found = provider.discover(ACCOUNT, since(since, 100));

        assertEquals(List.of(fresh.id(), undated.id(), freshToo.id()), ids(found),
                "since is inclusive; a job without a creation time is kept");
        assertEquals(3, listRequests(), "the page of only older jobs ends the scan");
    }

    @Test
    void stops_at_max_jobs() {
        FinchJobs.AutomatedJob a = anAutomatedJob(), b = anAutomatedJob(), c = anAutomatedJob(), d = anAutomatedJob();
        givenPage(0, a, b);
        givenPage(2, c, d);
        givenPage(4, anAutomatedJob(), anAutomatedJob());

        List<VendorJob> found = provider.discover(ACCOUNT, since(LONG_AGO, 3));

        assertEquals(List.of(a.id(), b.id(), c.id()), ids(found));
        assertEquals(2, listRequests());
    }

    @Test
    void a_finch_that_ignores_offset_does_not_loop_forever() {
        FinchJobs.AutomatedJob a = anAutomatedJob(), b = anAutomatedJob();
        String page = "{\"data\":[" + a.json() + "," + b.json() + "]}";
        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated")).willReturn(json(200, page)));

        assertEquals(List.of(a.id(), b.id()), ids(provider.discover(ACCOUNT, since(LONG_AGO, 100))));
        assertEquals(2, listRequests());
    }

    @Test
    void listed_jobs_are_translated_and_keep_their_own_payload() {
        FinchJobs.AutomatedJob job = anAutomatedJob().withStatus("reauth_error").withIndividualId("ind-1")
                .with("brand_new_field", Map.of("x", 1));
        givenPage(0, job);

        VendorJob found = provider.discover(ACCOUNT, since(LONG_AGO, 100)).get(0);

        assertEquals(JobStatus.FAILED, found.status());
        assertEquals("w4_form_employee_sync", found.type());
        assertEquals(Map.of("individualId", "ind-1"), found.params());
        assertEquals(Map.of("kind", "automated"), found.attributes());
        assertEquals(job.json(), found.rawPayload(), "each job's own object, unknown fields included");
    }

    @Test
    void items_without_a_job_id_or_not_objects_are_skipped() {
        FinchJobs.AutomatedJob good = anAutomatedJob();
        String page = "{\"data\":[null, 7, " + anAutomatedJob().without("job_id").json() + ", " + good.json() + "]}";
        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated")).willReturn(json(200, page)));

        assertEquals(List.of(good.id()), ids(provider.discover(ACCOUNT, since(LONG_AGO, 100))));
    }

    @Test
    void a_missing_or_null_data_is_no_jobs() {
        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated")).willReturn(json(200, "{\"meta\":{}}")));
        assertEquals(List.of(), provider.discover(ACCOUNT, since(LONG_AGO, 100)));

        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated")).willReturn(json(200, "{\"data\":null}")));
        assertEquals(List.of(), provider.discover(ACCOUNT, since(LONG_AGO, 100)));
    }

    @Test
    void the_bean_asks_for_pages_of_a_hundred_with_finchs_headers() {
        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated"))
                .willReturn(json(200, fixture("list/page.json"))));

        List<VendorJob> found = VENDOR.provider.discover(ACCOUNT, since(LONG_AGO, 1000));

        assertEquals(List.of("0b7b0a4e-5d8e-4d6f-9a77-2f1e9c1d3a10", "c2f0f3b1-8d41-4a8e-b1f2-6a7e3c55e901"), ids(found));
        assertEquals(List.of(JobStatus.RUNNING, JobStatus.FAILED), found.stream().map(VendorJob::status).toList());
        VENDOR.wm.verify(1, getRequestedFor(urlPathEqualTo("/jobs/automated"))
                .withQueryParam("limit", equalTo("100"))
                .withQueryParam("offset", equalTo("0"))
                .withHeader("Authorization", equalTo("Bearer " + FinchTestVendor.TOKEN))
                .withHeader("Finch-API-Version", equalTo("2020-09-17"))
                .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void a_failing_page_fails_the_scan() {
        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated"))
                .willReturn(json(401, fixture("errors/401-unauthorized.json"))));
        assertThrows(VendorRejected.class, () -> provider.discover(ACCOUNT, since(LONG_AGO, 100)));

        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated"))
                .willReturn(json(503, fixture("errors/500-server-error.json"))));
        assertEquals(FailureCategory.HTTP_5XX, assertThrows(VendorUnavailable.class,
                () -> provider.discover(ACCOUNT, since(LONG_AGO, 100))).category());

        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated"))
                .willReturn(json(200, "{\"data\":[{\"job_id\":\"a\"},{\"job_")));
        assertEquals(FailureCategory.MALFORMED, assertThrows(VendorUnavailable.class,
                () -> provider.discover(ACCOUNT, since(LONG_AGO, 100))).category());

        VENDOR.wm.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated"))
                .willReturn(json(200, "{\"data\":{\"job_id\":\"a\"}}")));
        assertEquals(FailureCategory.MALFORMED, assertThrows(VendorUnavailable.class,
                () -> provider.discover(ACCOUNT, since(LONG_AGO, 100))).category());
    }
}
