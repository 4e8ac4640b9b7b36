package dev.jobtower.app.db;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.adapters.finch.FinchWebhooks;
import dev.jobtower.app.support.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acknowledged means kept, as a user feels it: the app runs in its own process on its embedded
 * PostgreSQL (poller and discovery off, so a job can only complete through its webhook); right after
 * the last of N answers, the JVM and PostgreSQL are killed with {@code kill -9} at once. After the
 * restart every {@code Idempotency-Key} answer replays without a vendor call, and every webhook answered
 * {@code 200} took effect. And a Finch enqueue killed after the vendor's {@code 201} but before our answer
 * (the job's insert held by a trigger): a retry with the same key makes one vendor job and one job.
 */
class CrashDurabilityTest {
    static final int N = 50;
    static final Duration WEBHOOK_LEASE = Duration.ofSeconds(5);
    static final Pattern FIELD = Pattern.compile("\"(id|externalId|status|apiKey|vendorConnectionId)\":\"([^\"]*)\"");

    final WireMockServer finch = new WireMockServer(options().dynamicPort());
    final List<Process> started = new ArrayList<>();
    final String secret = Base64.getEncoder().encodeToString(("crash secret " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));

    static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        return null;
    }

    Process start(Path dataDir, int port) throws IOException {
        return start(dataDir, port, Map.of());
    }

    Process start(Path dataDir, int port, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.jobtower.app.Application");
        pb.environment().keySet().removeIf(k -> k.startsWith("JOBTOWER_"));
        pb.environment().put("JOBTOWER_DATA_DIR", dataDir.toString());
        pb.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        pb.environment().put("JOBTOWER_POLL_ENABLED", "false");
        pb.environment().put("JOBTOWER_DISCOVERY_ENABLED", "false");
        pb.environment().put("JOBTOWER_FINCH_BASE_URL", finch.baseUrl());
        // this test is about what survives a kill, not about the lease: deliveries the killed app had claimed come
        // again once their lease ends, so a short one (the default is 60 s) keeps the wait for them short
        pb.environment().put("JOBTOWER_WEBHOOKS_LEASE", WEBHOOK_LEASE.toSeconds() + "s");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("app.log").toFile()));
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** kill -9 of the JVM, the postmaster and its backends in one {@code kill} call: nothing shuts down cleanly. */
    static void killAtOnce(Process app, Path dataDir) throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).strip());
        List<String> command = new ArrayList<>(List.of("kill", "-9", Long.toString(app.pid()), Long.toString(postmaster)));
        ProcessHandle.of(postmaster).ifPresent(pm -> pm.descendants().forEach(d -> command.add(Long.toString(d.pid()))));
        // kill answers non-zero when one of the backends listed has exited meanwhile; the others still got
        // SIGKILL in the same call, and what matters is checked below: the JVM and the postmaster are gone
        new ProcessBuilder(command).inheritIO().start().waitFor();
        assertTrue(app.waitFor(10, TimeUnit.SECONDS), "the JVM was killed");
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(postmaster).map(h -> !h.isAlive()).orElse(true));
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        finch.stop();
    }

    @Test
    void every_answer_before_a_kill_9_of_the_app_and_its_database_survives_it() throws Exception {
        finch.start();
        finch.stubFor(WireMock.get("/introspect").willReturn(okJson("{\"connection_id\":\"conn-crash\",\"client_type\":\"production\"}")));
        finch.stubFor(post("/jobs/automated").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"job_id\":\"{{randomValue type='UUID'}}\",\"allowed_refreshes\":1000,\"remaining_refreshes\":999}")
                .withTransformers("response-template")));
        Path dataDir = Files.createTempDirectory("jobtower-crash");
        int port = EmbeddedRestartTest.freePort();
        Process app = start(dataDir, port);
        Api api = new Api("http://127.0.0.1:" + port);
        EmbeddedRestartTest.awaitHealthy(api);
        String admin = Files.readString(dataDir.resolve("admin.token")).strip();
        String key = field(api.post("/admin/tenants", admin, "{\"name\":\"crash\"}").body(), "apiKey");
        Api.Response c = api.post("/api/v1/connections", key, "{\"provider\":\"finch\",\"name\":\"crash\","
                + "\"credentials\":{\"token\":\"tok\"},\"webhookSecret\":\"" + secret + "\"}");
        assertEquals(201, c.status(), c.body());
        String connection = field(c.body(), "id");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "conn-crash".equals(field(api.get("/api/v1/connections/" + connection, key).body(), "vendorConnectionId")));

        // 1. N enqueues with an Idempotency-Key each, all answered 201; kill -9 right after the last
        String body = "{\"connectionId\":\"" + connection + "\",\"type\":\"data_sync_all\"}";
        Map<String, String> answered = new LinkedHashMap<>();   // key -> job id
        Map<String, String> external = new LinkedHashMap<>();   // job id -> vendor job id
        for (int i = 0; i < N; i++) {
            String idempotencyKey = "crash-" + i + "-" + UUID.randomUUID();
            Api.Response r = api.send("POST", "/api/v1/jobs", key, body,
                    Map.of("Content-Type", "application/json", "Idempotency-Key", idempotencyKey));
            assertEquals(201, r.status(), r.body());
            answered.put(idempotencyKey, field(r.body(), "id"));
            external.put(field(r.body(), "id"), field(r.body(), "externalId"));
        }
        killAtOnce(app, dataDir);

        port = EmbeddedRestartTest.freePort();
        app = start(dataDir, port);
        Api second = new Api("http://127.0.0.1:" + port);
        EmbeddedRestartTest.awaitHealthy(second);
        for (Map.Entry<String, String> e : answered.entrySet()) {
            Api.Response again = second.send("POST", "/api/v1/jobs", key, body,
                    Map.of("Content-Type", "application/json", "Idempotency-Key", e.getKey()));
            assertEquals(201, again.status(), "the answer to " + e.getKey() + " was kept: " + again.body());
            assertEquals(e.getValue(), field(again.body(), "id"));
        }
        assertEquals(N, finch.countRequestsMatching(postRequestedFor(urlEqualTo("/jobs/automated")).build()).getCount(),
                "no retry reached the vendor again");

        // 2. the vendor completes every job: N signed webhooks answered 200; kill -9 right after the last
        finch.stubFor(WireMock.get(urlPathMatching("/jobs/automated/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"job_id\":\"{{request.pathSegments.[2]}}\",\"type\":\"data_sync_all\",\"status\":\"complete\","
                        + "\"created_at\":\"2026-03-02T09:14:05Z\",\"scheduled_at\":null,\"started_at\":\"2026-03-02T09:14:06Z\","
                        + "\"completed_at\":\"2026-03-02T09:20:00Z\",\"params\":null}")
                .withTransformers("response-template")));
        for (String vendorJob : external.values()) {
            String payload = "{\"company_id\":\"720be419-0293-4d32-a707-32179b0827ab\",\"connection_id\":\"conn-crash\","
                    + "\"entity_id\":null,\"event_type\":\"job.data_sync_all.completed\",\"data\":{\"job_id\":\"" + vendorJob
                    + "\",\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + vendorJob + "\"}}";
            String eventId = "msg_" + UUID.randomUUID();
            long now = Instant.now().getEpochSecond();
            String signature = FinchWebhooks.VERIFIER.sign(eventId, now, payload.getBytes(StandardCharsets.UTF_8), secret);
            Api.Response delivered = second.send("POST", "/webhooks/finch/" + connection, null, payload,
                    Map.of("Content-Type", "application/json", FinchWebhooks.EVENT_ID_HEADER, eventId,
                            FinchWebhooks.TIMESTAMP_HEADER, Long.toString(now), FinchWebhooks.SIGNATURE_HEADER, signature));
            assertEquals(200, delivered.status(), delivered.body());
        }
        killAtOnce(app, dataDir);

        port = EmbeddedRestartTest.freePort();
        start(dataDir, port);
        Api third = new Api("http://127.0.0.1:" + port);
        EmbeddedRestartTest.awaitHealthy(third);
        // deliveries leased by the killed app come again once their lease (WEBHOOK_LEASE) has ended: a bounded
        // wait well past it (the restart, the lease, then 50 reads on a machine that may be busy)
        await().atMost(WEBHOOK_LEASE.plusSeconds(55)).pollInterval(Duration.ofMillis(250)).until(() ->
                external.keySet().stream().allMatch(id -> "SUCCEEDED".equals(field(third.get("/api/v1/jobs/" + id, key).body(), "status"))));
        for (String id : external.keySet()) {
            assertTrue(third.get("/api/v1/jobs/" + id + "/history", key).body().contains("webhook"), id);
        }
    }

    @Test
    void a_finch_enqueue_killed_after_the_vendors_201_is_one_vendor_job_after_a_retry() throws Exception {
        finch.start();
        finch.stubFor(WireMock.get("/introspect").willReturn(okJson("{\"connection_id\":\"conn-crash\",\"client_type\":\"production\"}")));
        String vendorJob = UUID.randomUUID().toString();
        finch.stubFor(post("/jobs/automated").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"job_id\":\"" + vendorJob + "\",\"allowed_refreshes\":2,\"remaining_refreshes\":1}")));
        finch.stubFor(WireMock.get("/jobs/automated/" + vendorJob).willReturn(okJson("{\"job_id\":\"" + vendorJob
                + "\",\"type\":\"data_sync_all\",\"status\":\"in_progress\",\"created_at\":\"2026-03-02T09:14:05Z\","
                + "\"scheduled_at\":null,\"started_at\":\"2026-03-02T09:14:06Z\",\"completed_at\":null,\"params\":null}")));
        Path dataDir = Files.createTempDirectory("jobtower-crash-enqueue");
        Map<String, String> env = Map.of("JOBTOWER_IDEMPOTENCY_IN_FLIGHT_TIMEOUT", "1s");
        int port = EmbeddedRestartTest.freePort();
        Process app = start(dataDir, port, env);
        Api api = new Api("http://127.0.0.1:" + port);
        EmbeddedRestartTest.awaitHealthy(api);
        String admin = Files.readString(dataDir.resolve("admin.token")).strip();
        String key = field(api.post("/admin/tenants", admin, "{\"name\":\"crash\"}").body(), "apiKey");
        Api.Response c = api.post("/api/v1/connections", key, "{\"provider\":\"finch\",\"name\":\"crash\","
                + "\"credentials\":{\"token\":\"tok\"}}");
        assertEquals(201, c.status(), c.body());
        String connection = field(c.body(), "id");

        // the crash point: the vendor has answered 201, our answer is not sent (the job's insert is held)
        String database = "postgres";   // the embedded set-up keeps its tables in the postgres database
        String dbDir = dataDir.toString();
        java.util.function.Function<String, String> inApp = q -> {
            try {
                List<String> pid = Files.readAllLines(Path.of(dbDir, "postgres/postmaster.pid"));
                try (java.sql.Connection x = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pid.get(3).strip()
                        + "/" + database, "postgres", Files.readString(Path.of(dbDir, "postgres.password")).strip());
                     java.sql.Statement s = x.createStatement()) {
                    s.execute(q);
                    return "done";
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        inApp.apply("create function hold_job_store() returns trigger language plpgsql as $$ begin "
                + "perform pg_sleep(60); return new; end $$");
        inApp.apply("create trigger hold_job_store before insert on job for each row execute function hold_job_store()");
        String body = "{\"connectionId\":\"" + connection + "\",\"type\":\"data_sync_all\"}";
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "crash-enqueue");
        Thread first = new Thread(() -> {
            try {
                api.send("POST", "/api/v1/jobs", key, body, headers);
            } catch (RuntimeException ignored) {
                // the app is killed while this request waits
            }
        });
        first.start();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                finch.countRequestsMatching(postRequestedFor(urlEqualTo("/jobs/automated")).build()).getCount() == 1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                inApp.apply("do $$ begin if not exists (select 1 from pg_stat_activity where wait_event = 'PgSleep' "
                        + "and pid <> pg_backend_pid()) then raise exception 'not yet'; end if; end $$");
                return true;
            } catch (IllegalStateException e) {
                return false;
            }
        });
        killAtOnce(app, dataDir);
        first.join(10_000);

        port = EmbeddedRestartTest.freePort();
        start(dataDir, port, env);
        Api second = new Api("http://127.0.0.1:" + port);
        EmbeddedRestartTest.awaitHealthy(second);
        inApp.apply("drop trigger hold_job_store on job");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() ->
                second.send("POST", "/api/v1/jobs", key, body, headers).status() != 409);
        Api.Response retried = second.send("POST", "/api/v1/jobs", key, body, headers);
        assertEquals(201, retried.status(), retried.body());
        assertEquals(vendorJob, field(retried.body(), "externalId"));
        assertEquals(1, finch.countRequestsMatching(postRequestedFor(urlEqualTo("/jobs/automated")).build()).getCount(),
                "exactly one vendor job");
        String listed = second.get("/api/v1/jobs?externalId=" + vendorJob, key).body();
        assertEquals(1, listed.split("\"externalId\"", -1).length - 1, "exactly one Jobtower job: " + listed);
    }
}
