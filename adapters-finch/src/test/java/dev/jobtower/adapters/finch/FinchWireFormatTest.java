package dev.jobtower.adapters.finch;

import dev.jobtower.adapters.finch.wire.AutomatedAsyncJob;
import dev.jobtower.adapters.finch.wire.AutomatedCreateRequest;
import dev.jobtower.adapters.finch.wire.AutomatedCreateResponse;
import dev.jobtower.adapters.finch.wire.AutomatedJobParams;
import dev.jobtower.adapters.finch.wire.AutomatedListResponse;
import dev.jobtower.adapters.finch.wire.ManualAsyncJob;
import dev.jobtower.adapters.finch.wire.WebhookEvent;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static dev.jobtower.adapters.finch.FinchJobs.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The wire records write Finch's JSON as well as read it (a Finch simulator will answer with them). */
class FinchWireFormatTest {
    private static final JsonMapper JSON = FinchTestVendor.get().context.getBean(JsonMapper.class);

    private static Map<?, ?> tree(String json) throws IOException {
        return JSON.readValue(json, Map.class);
    }

    @Test
    void an_automated_job_round_trips_with_its_nulls() throws IOException {
        String fixture = fixture("automated/reauth_error.json");
        AutomatedAsyncJob job = JSON.readValue(fixture, AutomatedAsyncJob.class);

        assertEquals(new AutomatedJobParams("8f3e2c8a-2b1d-4d7c-9c3a-0e5b6f7a8b9c"), job.params());
        assertEquals(tree(fixture), tree(JSON.writeValueAsString(job)));
        assertEquals(tree(fixture("automated/in_progress.json")),
                tree(JSON.writeValueAsString(JSON.readValue(fixture("automated/in_progress.json"), AutomatedAsyncJob.class))));
    }

    @Test
    void a_manual_job_and_a_list_page_round_trip() throws IOException {
        String manual = fixture("manual/complete-mixed.json");
        assertEquals(tree(manual), tree(JSON.writeValueAsString(JSON.readValue(manual, ManualAsyncJob.class))));
        String page = fixture("list/page.json");
        AutomatedListResponse list = JSON.readValue(page, AutomatedListResponse.class);
        assertEquals(2, list.meta().quotas().dataSyncAll().allowedRefreshes());
        assertEquals(tree(page), tree(JSON.writeValueAsString(list)));
    }

    @Test
    void a_create_request_sends_params_only_when_there_are_some() throws IOException {
        assertEquals(tree(fixture("enqueue/request-data_sync_all.json")),
                tree(JSON.writeValueAsString(new AutomatedCreateRequest("data_sync_all", null))));
        assertEquals(tree(fixture("enqueue/request-w4_form_employee_sync.json")),
                tree(JSON.writeValueAsString(new AutomatedCreateRequest("w4_form_employee_sync",
                        new AutomatedJobParams("8f3e2c8a-2b1d-4d7c-9c3a-0e5b6f7a8b9c")))));
    }

    @Test
    void a_quota_answer_writes_only_what_it_has() throws IOException {
        String quota = fixture("enqueue/quota-429.json");
        assertEquals(tree(quota), tree(JSON.writeValueAsString(JSON.readValue(quota, AutomatedCreateResponse.class))));
    }

    @Test
    void a_job_event_is_written_as_finch_sends_it() throws IOException {
        WebhookEvent event = WebhookEvent.jobEvent("9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", "job.data_sync_all.completed",
                "0b7b0a4e-5d8e-4d6f-9a77-2f1e9c1d3a10", "https://api.tryfinch.com/jobs/automated/0b7b0a4e-5d8e-4d6f-9a77-2f1e9c1d3a10");

        Map<?, ?> written = tree(JSON.writeValueAsString(event));

        assertEquals("job.data_sync_all.completed", written.get("event_type"));
        assertEquals("9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", written.get("connection_id"));
        assertEquals(Map.of("job_id", "0b7b0a4e-5d8e-4d6f-9a77-2f1e9c1d3a10",
                "job_url", "https://api.tryfinch.com/jobs/automated/0b7b0a4e-5d8e-4d6f-9a77-2f1e9c1d3a10"), written.get("data"));
        assertEquals("0b7b0a4e-5d8e-4d6f-9a77-2f1e9c1d3a10",
                JSON.readValue(fixture("webhooks/job-data_sync_all-completed.json"), WebhookEvent.class).jobId());
        assertEquals(List.of("company_id", "account_id", "connection_id", "entity_id", "event_type", "data"),
                List.copyOf(written.keySet()));
    }
}
