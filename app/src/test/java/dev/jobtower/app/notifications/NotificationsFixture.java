package dev.jobtower.app.notifications;

import dev.jobtower.app.support.TestJson;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A tenant with a connection, its endpoints made through the API, job changes made through the store. */
final class NotificationsFixture {
    final Api api;
    final JsonMapper json;
    final PostgresJobStore store;
    final String key;
    final UUID tenant;
    final UUID connection;

    NotificationsFixture(Api api, JsonMapper json, PostgresJobStore store) {
        this.api = api;
        this.json = json;
        this.store = store;
        JsonNode t = tree(api.post("/admin/tenants", JobtowerTest.ADMIN_TOKEN, "{\"name\":\"n-" + UUID.randomUUID() + "\"}").body());
        this.key = t.get("apiKey").getStringValue();
        this.tenant = UUID.fromString(t.get("id").getStringValue());
        Api.Response c = api.post("/api/v1/connections", key,
                "{\"provider\":\"finch\",\"name\":\"payroll\",\"credentials\":{\"token\":\"tok\"}}");
        assertEquals(201, c.status(), c.body());
        this.connection = UUID.fromString(tree(c.body()).get("id").getStringValue());
    }

    /** An endpoint made through the API: its id and secret. */
    record Endpoint(String id, String secret) {
    }

    Endpoint endpoint(String url, String extraJson) {
        Api.Response r = api.post("/api/v1/webhook-endpoints", key, "{\"url\":\"" + url + "\"" + (extraJson == null ? "" : "," + extraJson) + "}");
        assertEquals(201, r.status(), r.body());
        JsonNode n = tree(r.body());
        return new Endpoint(n.get("id").getStringValue(), n.get("secret").getStringValue());
    }

    /** Stores a vendor copy of a job in this status, as a poll or webhook would. */
    Job change(String externalId, JobStatus status, StatusReason reason) {
        return store.record(new TenantId(tenant), new ConnectionId(connection), Provider.of("finch"),
                VendorJob.builder(externalId).type("data_sync_all").status(status).statusReason(reason)
                        .vendorStatus(status.name().toLowerCase()).build(), Source.POLL, Instant.now(), true).job();
    }

    JsonNode tree(String text) {
        return TestJson.tree(json, text);
    }
}
