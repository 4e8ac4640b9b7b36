package dev.jobtower.app.sync;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.AppInstance;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tenants, connections and jobs for the sync tests, made through one instance's API and store. */
final class SyncFixture {
    final AppInstance app;
    final Api api;
    final String key;
    final UUID tenant;

    SyncFixture(AppInstance app) {
        this.app = app;
        this.api = app.api();
        JsonNode t = tree(api.post("/admin/tenants", JobtowerTest.ADMIN_TOKEN, "{\"name\":\"sync-" + UUID.randomUUID() + "\"}").body());
        this.key = t.get("apiKey").getStringValue();
        this.tenant = UUID.fromString(t.get("id").getStringValue());
    }

    JsonNode tree(String text) {
        try {
            return app.bean(JsonMapper.class).readValue(text, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String connect(String provider, String token, String webhookSecret) {
        Api.Response r = api.post("/api/v1/connections", key, "{\"provider\":\"" + provider + "\",\"name\":\"" + provider
                + "\",\"credentials\":{\"token\":\"" + token + "\"}" + (webhookSecret == null ? "" : ",\"webhookSecret\":\"" + webhookSecret + "\"") + "}");
        assertEquals(201, r.status(), r.body());
        return tree(r.body()).get("id").getStringValue();
    }

    /** Stores a job as if tracked: {@code RUNNING}, read now. */
    UUID seed(String connection, Provider provider, String externalId) {
        return app.bean(PostgresJobStore.class).record(new TenantId(tenant), ConnectionId.of(connection), provider,
                VendorJob.builder(externalId).type("t").status(JobStatus.RUNNING).vendorStatus("running").build(),
                Source.TRACK, Instant.now(), true).job().id().value();
    }

    /** Makes every job due for polling now. */
    int makeDue(String extraCondition) {
        return app.bean(Database.class).write(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into job_poll (job_id, tenant_id, next_poll_at) "
                    + "select id, tenant_id, now() from job where status not in ('SUCCEEDED','FAILED','CANCELLED')"
                    + (extraCondition == null ? "" : " and " + extraCondition)
                    + " on conflict (job_id) do update set next_poll_at = excluded.next_poll_at")) {
                return ps.executeUpdate();
            }
        });
    }

    long count(String sql) {
        return app.bean(Database.class).read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
