package dev.jobtower.app.api;

import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.AppInstance;
import dev.jobtower.app.support.EventStreamClient;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.support.TestDatabase;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two instances on one database: a key revoked on one has its streams on the other ended within 5 s
 * (the other instance's key cache lasts 2 s, its streams re-check every second); and the stream cap
 * is counted per instance, as the README says.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RevocationAcrossInstancesTest {

    @Test
    void a_key_revoked_on_one_instance_ends_its_streams_on_another_within_five_seconds() throws IOException {
        Map<String, Object> p = AppInstance.sharedProperties(TestDatabase.freshDatabase());
        p.put("jobtower.poll.enabled", false);
        p.put("jobtower.events.max-streams-per-key", 1);
        try (AppInstance one = AppInstance.start(p); AppInstance two = AppInstance.start(p)) {
            JsonMapper json = one.bean(JsonMapper.class);
            Api admin = one.api();
            Api.Response created = admin.post("/admin/tenants", JobtowerTest.ADMIN_TOKEN, "{\"name\":\"two-instances\"}");
            assertEquals(201, created.status(), created.body());
            JsonNode tenant = json.readValue(created.body(), JsonNode.class);
            String apiKey = tenant.get("apiKey").getStringValue();

            EventStreamClient onOne = EventStreamClient.open(one.url(), "/api/v1/jobs/events", apiKey, Map.of());
            EventStreamClient onTwo = EventStreamClient.open(two.url(), "/api/v1/jobs/events", apiKey, Map.of());
            try {
                assertEquals(200, onOne.status, onOne.body);
                assertEquals(200, onTwo.status, "the cap (1 here) is per instance: " + onTwo.body);
                await().atMost(Duration.ofSeconds(5)).until(() -> onOne.live() && onTwo.live());
                assertEquals(429, EventStreamClient.open(two.url(), "/api/v1/jobs/events", apiKey, Map.of()).status);

                String keyId = tenant.get("keyId").getStringValue();
                assertEquals(204, admin.send("DELETE", "/admin/tenants/" + tenant.get("id").getStringValue()
                        + "/keys/" + keyId, JobtowerTest.ADMIN_TOKEN, null, Map.of()).status());
                await().atMost(Duration.ofSeconds(5)).until(() -> onOne.ended() && onTwo.ended());
            } finally {
                onOne.close();
                onTwo.close();
            }
        }
    }
}
