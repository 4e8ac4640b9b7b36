package dev.jobtower.app.api;

import dev.jobtower.app.support.TestJson;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Drives the API as a client would: admin → tenant → key → connection, and seeds jobs through the store. */
final class ApiFixture {
    final Api api;
    final JsonMapper json;
    final PostgresJobStore store;

    ApiFixture(String baseUrl, JsonMapper json, PostgresJobStore store) {
        this.api = new Api(baseUrl);
        this.json = json;
        this.store = store;
    }

    /** A tenant made through the admin API. */
    record Tenant(UUID id, String apiKey) {
        TenantId tenantId() {
            return new TenantId(id);
        }
    }

    Tenant newTenant(String name) {
        Api.Response r = api.post("/admin/tenants", JobtowerTest.ADMIN_TOKEN, "{\"name\":\"" + name + "\"}");
        assertEquals(201, r.status(), r.body());
        JsonNode body = tree(r.body());
        return new Tenant(UUID.fromString(body.get("id").getStringValue()), body.get("apiKey").getStringValue());
    }

    UUID newConnection(Tenant tenant, String provider, String token) {
        Api.Response r = api.post("/api/v1/connections", tenant.apiKey(),
                "{\"provider\":\"" + provider + "\",\"name\":\"" + provider + " account\",\"credentials\":{\"token\":\"" + token + "\"}}");
        assertEquals(201, r.status(), r.body());
        return UUID.fromString(tree(r.body()).get("id").getStringValue());
    }

    Job seedJob(Tenant tenant, UUID connection, Provider provider, String externalId, JobStatus status, Instant createdAt) {
        return store.record(tenant.tenantId(), new ConnectionId(connection), provider,
                VendorJob.builder(externalId).type("data_sync_all").name("Job " + externalId).status(status)
                        .vendorStatus(status.name().toLowerCase()).createdAt(createdAt)
                        .rawPayload("{\"job_id\":\"" + externalId + "\",\"status\":\"" + status.name().toLowerCase() + "\"}").build(),
                Source.TRACK, Instant.now(), true).job();
    }

    JsonNode tree(String text) {
        return TestJson.tree(json, text);
    }
}
