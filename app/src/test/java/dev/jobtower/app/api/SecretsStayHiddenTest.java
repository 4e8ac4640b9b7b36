package dev.jobtower.app.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials, webhook secrets and API keys appear in no response and no log line. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsStayHiddenTest extends JobtowerTest {
    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;

    ListAppender<ILoggingEvent> logs;
    Logger root;

    @BeforeEach
    void captureLogs() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(logs);
    }

    @Test
    void secrets_never_leave_in_responses_or_logs() {
        ApiFixture fx = new ApiFixture(server.getURL().toString(), json, store);
        String token = "tok-" + UUID.randomUUID();
        String rotated = "tok-rotated-" + UUID.randomUUID();
        String finchSecret = Base64.getEncoder().encodeToString(("finch-secret-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        String invopopSecret = "invopop-secret-" + UUID.randomUUID();
        ApiFixture.Tenant tenant = fx.newTenant("secrets");
        Map<String, String> ct = Map.of("Content-Type", "application/json");
        List<Api.Response> responses = new ArrayList<>();

        Api.Response created = fx.api.post("/api/v1/connections", tenant.apiKey(), "{\"provider\":\"finch\",\"name\":\"n\","
                + "\"credentials\":{\"token\":\"" + token + "\"},\"webhookSecret\":\"" + finchSecret + "\"}");
        assertEquals(201, created.status(), created.body());
        responses.add(created);
        String id = fx.tree(created.body()).get("id").getStringValue();
        responses.add(fx.api.send("PATCH", "/api/v1/connections/" + id, tenant.apiKey(),
                "{\"credentials\":{\"token\":\"" + rotated + "\"}}", ct));
        responses.add(fx.api.get("/api/v1/connections/" + id, tenant.apiKey()));
        responses.add(fx.api.get("/api/v1/connections", tenant.apiKey()));
        // a malformed secret is refused without being echoed
        responses.add(fx.api.post("/api/v1/connections", tenant.apiKey(), "{\"provider\":\"invopop\",\"name\":\"n\","
                + "\"credentials\":{\"token\":\"" + token + "\"},\"webhookSecret\":\"short\"}"));
        Api.Response invopop = fx.api.post("/api/v1/connections", tenant.apiKey(), "{\"provider\":\"invopop\",\"name\":\"n\","
                + "\"credentials\":{\"token\":\"" + token + "\"},\"webhookSecret\":\"" + invopopSecret + "\"}");
        responses.add(invopop);
        String invopopId = fx.tree(invopop.body()).get("id").getStringValue();
        // a vendor call that fails (the vendor refuses connections), and webhooks with wrong credentials
        responses.add(fx.api.post("/api/v1/jobs", tenant.apiKey(), "{\"connectionId\":\"" + id + "\",\"type\":\"data_sync_all\"}"));
        responses.add(fx.api.send("POST", "/webhooks/finch/" + id, null, "{}", Map.of("Content-Type", "application/json",
                "Finch-Event-Id", "msg_1", "Finch-Timestamp", "1", "Finch-Signature", "v1,AAAA")));
        responses.add(fx.api.send("POST", "/webhooks/invopop/" + invopopId, null, "{}", Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + invopopSecret + "-wrong")));

        List<String> secrets = List.of(token, rotated, finchSecret, invopopSecret, tenant.apiKey(), ADMIN_TOKEN);
        for (Api.Response r : responses) {
            for (String secret : secrets) {
                assertFalse(r.body().contains(secret), "a response carries a secret: " + r.body());
            }
        }
        assertTrue(logs.list.size() > 0, "the flow logged something to check");
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "a log line carries a secret: " + line);
            }
        }
    }
}
