package dev.jobtower.app.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jobtower.app.db.Database;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.AppInstance;
import dev.jobtower.app.support.TestDatabase;
import dev.jobtower.domain.job.Provider;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A noisy neighbour (API.md "Isolation", "Limits and fairness"), functional rather than timed: tenant A's
 * Finch account hangs — every vendor call made with its token is held open on a latch — while A hammers the
 * API, floods webhooks, or holds thousands of due jobs. Tenant B, on a healthy Finch account of the same
 * instance, must get everything done before A's calls are released: its lists, /health, a fresh refresh,
 * its due polls, its webhooks. Bounds are generous (seconds); the latency figures live in bench/run.
 */
class NoisyNeighbourTest {
    static final String A_TOKEN = "tenant-a-token";
    static final String B_TOKEN = "tenant-b-token";
    static final Duration GENEROUS = Duration.ofSeconds(5);

    HttpServer finch;
    final AtomicReference<CountDownLatch> hold = new AtomicReference<>(new CountDownLatch(1));
    final AtomicInteger heldNow = new AtomicInteger();
    final Set<String> completeAtFinch = ConcurrentHashMap.newKeySet();
    AppInstance app;
    SyncFixture a;
    SyncFixture b;
    String aConnection;
    String bConnection;
    final byte[] aSecret = random(32);
    final byte[] bSecret = random(32);

    @BeforeEach
    void start() throws IOException {
        finch = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        finch.setExecutor(Executors.newCachedThreadPool());
        finch.createContext("/", this::answerAsFinch);
        finch.start();
        Map<String, Object> p = AppInstance.sharedProperties(TestDatabase.freshDatabase());
        p.put("jobtower.finch.base-url", "http://127.0.0.1:" + finch.getAddress().getPort());
        // A's calls are held until released, not timed out: they really are in flight meanwhile
        p.put("jobtower.finch.read-timeout", "120s");
        p.put("jobtower.finch.resilience.timeout", "120s");
        p.put("jobtower.finch.resilience.rate-limit.limit", 1000);
        p.put("jobtower.poll.interval", "500ms");
        p.put("jobtower.poll.max-interval", "1s");
        p.put("jobtower.poll.tick", "100ms");
        p.put("jobtower.poll.initial-delay", "100ms");
        p.put("jobtower.overdue.enabled", false);
        app = AppInstance.start(p);
        a = new SyncFixture(app);
        b = new SyncFixture(app);
        aConnection = a.connect("finch", A_TOKEN, Base64.getEncoder().encodeToString(aSecret));
        bConnection = b.connect("finch", B_TOKEN, Base64.getEncoder().encodeToString(bSecret));
    }

    @AfterEach
    void stop() {
        hold.get().countDown();
        if (app != null) {
            app.close();
        }
        finch.stop(0);
    }

    @Test
    void a_tenant_hammering_a_hanging_vendor_account_never_slows_another_tenant() throws Exception {
        List<UUID> aJobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            aJobs.add(a.seed(aConnection, Provider.of("finch"), "a-job-" + i));
        }
        List<UUID> bJobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bJobs.add(b.seed(bConnection, Provider.of("finch"), "b-job-" + i));
            completeAtFinch.add("b-job-" + i);
        }
        noPolling(); // B's jobs become due below, when A's storm is on

        // A: 64 clients hammering track, refresh and enqueue against its hanging account
        AtomicBoolean storm = new AtomicBoolean(true);
        Map<Integer, AtomicInteger> aAnswers = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(64);
        for (int c = 0; c < 64; c++) {
            int client = c;
            clients.submit(() -> {
                Api api = app.api();
                for (int n = 0; storm.get(); n++) {
                    Api.Response r = switch ((client + n) % 3) {
                        case 0 -> api.post("/api/v1/jobs/track", a.key,
                                "{\"connectionId\":\"" + aConnection + "\",\"externalId\":\"a-new-" + client + "-" + n + "\"}");
                        case 1 -> api.send("POST", "/api/v1/jobs/" + aJobs.get(n % aJobs.size()) + "/refresh", a.key, null, Map.of());
                        default -> api.post("/api/v1/jobs", a.key, "{\"connectionId\":\"" + aConnection + "\",\"type\":\"data_sync_all\"}");
                    };
                    aAnswers.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> heldNow.get() >= 4);

        // B, meanwhile: lists, /health, a fresh refresh on the same provider, its due polls
        Api api = app.api();
        for (int i = 0; i < 20; i++) {
            assertQuick(() -> api.get("/api/v1/jobs?limit=20", b.key), 200, "B's list");
            assertQuick(() -> api.get("/health", null), 200, "/health");
        }
        Api.Response refresh = assertQuick(() -> api.send("POST", "/api/v1/jobs/" + bJobs.get(0) + "/refresh", b.key, null, Map.of()),
                200, "B's refresh");
        JsonNode refreshed = b.tree(refresh.body());
        assertFalse(refreshed.get("stale").getBooleanValue(), "B's refresh read its vendor: " + refresh.body());
        assertEquals("SUCCEEDED", refreshed.get("status").getStringValue());
        b.makeDue("tenant_id = '" + b.tenant + "'");
        a.makeDue("tenant_id = '" + a.tenant + "'");
        await().atMost(Duration.ofSeconds(20)).until(() -> b.count("select count(*) from job where tenant_id = '" + b.tenant
                + "' and status = 'SUCCEEDED'") == 10);

        assertEquals(1, hold.get().getCount(), "all of B's work was done while A's calls were still held");
        assertTrue(heldNow.get() >= 1, "A's calls are still in flight");
        assertTrue(heldNow.get() <= 8, "A holds at most its connection's share of threads (and setup), not " + heldNow.get());
        int refusedFast = count(aAnswers, 429) + count(aAnswers, 503);
        assertTrue(refusedFast > 0, "A's excess calls are refused at once: " + aAnswers);
        assertEquals(0, b.count("select count(*) from job where tenant_id = '" + b.tenant + "' and stale"));

        hold.get().countDown();
        storm.set(false);
        clients.shutdown();
        assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals(0, count(aAnswers, 500), "no internal errors for A either: " + aAnswers);
    }

    @Test
    void a_tenant_flooding_webhooks_for_a_hanging_account_never_delays_another_tenants_webhook() throws Exception {
        noPolling();
        for (int i = 0; i < 30; i++) {
            a.seed(aConnection, Provider.of("finch"), "a-job-" + i);
        }
        b.seed(bConnection, Provider.of("finch"), "b-webhook-job");
        completeAtFinch.add("b-webhook-job");
        noPolling();

        Api api = app.api();
        for (int i = 0; i < 300; i++) {
            Api.Response r = webhook(api, aConnection, aSecret, A_TOKEN, "a-job-" + (i % 30), "evt-a-" + i);
            assertEquals(200, r.status(), r.body());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> heldNow.get() >= 1);
        Api.Response mine = assertQuick(() -> webhook(api, bConnection, bSecret, B_TOKEN, "b-webhook-job", "evt-b-1"), 200,
                "B's webhook intake");
        assertEquals(200, mine.status());
        await().atMost(Duration.ofSeconds(20)).until(() -> b.count("select count(*) from job where tenant_id = '" + b.tenant
                + "' and external_id = 'b-webhook-job' and status = 'SUCCEEDED'") == 1);
        assertEquals(1, hold.get().getCount(), "B's delivery was processed while A's reads were still held");
        assertTrue(b.count("select count(*) from webhook_inbox where tenant_id = '" + a.tenant + "' and processed_at is null") > 0,
                "A's flood was still waiting");
    }

    @Test
    void a_tenant_with_ten_thousand_due_jobs_does_not_delay_another_tenants_ten() {
        app.bean(Poller.class).stop(); // this test claims itself: the instance's poller must not take them first
        noPolling();
        Database db = app.bean(Database.class);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("with a as (insert into job (id, tenant_id, connection_id, "
                    + "provider, external_id, status, created_at, updated_at) select gen_random_uuid(), ?::uuid, ?::uuid, "
                    + "'finch', 'a-due-' || g, 'RUNNING', now(), now() from generate_series(1, 10000) g returning id, "
                    + "tenant_id, external_id) insert into job_poll (job_id, tenant_id, next_poll_at) select id, tenant_id, "
                    + "now() - interval '1 hour' + substr(external_id, 7)::int * interval '1 ms' from a")) {
                ps.setString(1, a.tenant.toString());
                ps.setString(2, aConnection);
                return ps.executeUpdate();
            }
        });
        Set<UUID> bJobs = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            bJobs.add(b.seed(bConnection, Provider.of("finch"), "b-due-" + i));
        }
        b.makeDue("tenant_id = '" + b.tenant + "'"); // due now: an hour after every one of A's

        List<PollQueue.Claim> first = app.bean(PollQueue.class).claim(100);

        assertEquals(100, first.size());
        Set<UUID> claimedOfB = new HashSet<>();
        first.forEach(claim -> {
            if (claim.externalId().startsWith("b-due-")) {
                claimedOfB.add(claim.id().value());
            }
        });
        assertEquals(bJobs, claimedOfB, "B's 10 due jobs are in the first claim, beside 90 of A's 10 000");
    }

    // ------------------------------------------------------------------ helpers

    /** The tests drive polling themselves: nothing is due until they say so. */
    void noPolling() {
        app.bean(Database.class).write(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from job_poll")) {
                return ps.executeUpdate();
            }
        });
    }

    Api.Response assertQuick(java.util.function.Supplier<Api.Response> call, int status, String what) {
        long started = System.nanoTime();
        Api.Response r = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(status, r.status(), what + ": " + r.body());
        assertTrue(took.compareTo(GENEROUS) < 0, what + " took " + took.toMillis() + " ms while A's vendor hangs");
        return r;
    }

    static int count(Map<Integer, AtomicInteger> answers, int status) {
        AtomicInteger n = answers.get(status);
        return n == null ? 0 : n.get();
    }

    Api.Response webhook(Api api, String connection, byte[] secret, String vendorConnection, String job, String eventId) {
        String body = "{\"company_id\":null,\"account_id\":null,\"connection_id\":\"" + vendorConnection
                + "\",\"event_type\":\"job.data_sync_all.completed\",\"data\":{\"job_id\":\"" + job
                + "\",\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + job + "\"}}";
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signature;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            signature = "v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal((eventId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return api.send("POST", "/webhooks/finch/" + connection, null, body, Map.of("Content-Type", "application/json",
                "Finch-Event-Id", eventId, "Finch-Timestamp", timestamp, "Finch-Signature", signature));
    }

    /** Finch, as the adapter calls it: A's token hangs until released; every other token answers at once. */
    void answerAsFinch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).replaceFirst("(?i)^Bearer\\s+", "");
            if (A_TOKEN.equals(token)) {
                heldNow.incrementAndGet();
                try {
                    hold.get().await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    heldNow.decrementAndGet();
                }
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/introspect")) {
                respond(exchange, 200, "{\"connection_id\":\"" + token + "\",\"client_type\":\"production\","
                        + "\"connection_type\":\"provider\",\"products\":[\"directory\"]}");
            } else if (path.equals("/jobs/automated") && method.equals("POST")) {
                respond(exchange, 201, "{\"job_id\":\"" + UUID.randomUUID() + "\",\"allowed_refreshes\":1000,\"remaining_refreshes\":999}");
            } else if (path.equals("/jobs/automated")) {
                respond(exchange, 200, "{\"paging\":{\"count\":0,\"offset\":0},\"data\":[]}");
            } else if (path.startsWith("/jobs/automated/")) {
                String id = path.substring("/jobs/automated/".length());
                boolean done = completeAtFinch.contains(id);
                respond(exchange, 200, "{\"job_id\":\"" + id + "\",\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + id
                        + "\",\"type\":\"data_sync_all\",\"status\":\"" + (done ? "complete" : "in_progress")
                        + "\",\"created_at\":\"2026-12-01T09:00:00Z\",\"scheduled_at\":null,\"started_at\":\"2026-12-01T09:00:01Z\","
                        + "\"completed_at\":" + (done ? "\"2026-12-01T09:05:00Z\"" : "null") + ",\"params\":{\"individual_id\":null}}");
            } else {
                respond(exchange, 404, "{\"code\":404,\"name\":\"not_found_error\",\"message\":\"not found\"}");
            }
        }
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
