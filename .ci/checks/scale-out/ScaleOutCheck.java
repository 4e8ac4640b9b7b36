import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scale-out check's driver (run by .ci/checks/scale-out.sh, JDK only plus the PostgreSQL driver
 * inside the app's jar): three Jobtower instances on one external PostgreSQL behind nginx, a Finch
 * stub, a bounded mixed load through nginx (reads, tracks, signed Finch webhooks, an open event stream),
 * one instance killed with SIGKILL and later restarted. It asserts what an operator would ask of the
 * set-up and prints the figures:
 * <ul>
 *   <li>no read failed (nginx retries idempotent requests on another instance);</li>
 *   <li>every webhook answered 200 is stored and processed (the vendor never sends it again);</li>
 *   <li>the dead instance's poll leases are taken over within the lease time (plus one poll interval);</li>
 *   <li>an event stream cut by the kill resumes with Last-Event-ID on another instance and ends up with
 *       every job's latest change (no gap);</li>
 *   <li>the Finch request budget is shared: the stub never sees more requests per second than the
 *       budget the three instances split between them.</li>
 * </ul>
 * Every wait is bounded; every process it starts is stopped on exit.
 */
public final class ScaleOutCheck {
    static final Duration POLL_LEASE = Duration.ofSeconds(10);
    static final Duration POLL_MAX_INTERVAL = Duration.ofSeconds(4);
    static final int FINCH_BUDGET_PER_SECOND = 30; // what the three instances share
    static final int INSTANCES = 3;
    static final int POLL_JOBS = 20;
    static final int WEBHOOK_JOBS = 60;
    static final Pattern JOB_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    final Map<String, String> opts;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final String lb;
    final String adminToken = "scale-out-admin-" + hex(12);
    final String secretKey = Base64.getEncoder().encodeToString(random(32));
    final byte[] webhookSecret = random(32);
    final Process[] apps = new Process[INSTANCES];
    final int[] ports;
    final Path work;
    final List<String> failures = new ArrayList<>();
    final Map<String, String> figures = new LinkedHashMap<>();

    // the Finch stub's state: vendor job id → complete?
    final Map<String, Boolean> complete = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> stubRequestsPerSecond = new ConcurrentHashMap<>();
    HttpServer stub;

    ScaleOutCheck(Map<String, String> opts) {
        this.opts = opts;
        this.lb = "http://127.0.0.1:" + opts.get("lb");
        String[] p = opts.get("ports").split(",");
        this.ports = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            ports[i] = Integer.parseInt(p[i]);
        }
        this.work = Path.of(opts.get("work"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        ScaleOutCheck check = new ScaleOutCheck(opts);
        int status;
        try {
            status = check.run();
        } finally {
            check.stopAll();
        }
        System.exit(status);
    }

    int run() throws Exception {
        startStub(Integer.parseInt(opts.get("stub")));
        for (int i = 0; i < INSTANCES; i++) {
            startApp(i);
        }
        for (int i = 0; i < INSTANCES; i++) {
            awaitHealth(i, Duration.ofSeconds(120));
        }
        log("three instances healthy on ports " + opts.get("ports") + ", nginx on " + opts.get("lb"));

        // a tenant, a key, a Finch connection (its vendorConnectionId comes from the stub's /introspect)
        String tenant = send("POST", "/admin/tenants", adminToken, "{\"name\":\"scale-out\"}", null, 201);
        String key = field(tenant, "apiKey");
        String vendorConnection = "scale-out-conn";
        String connection = send("POST", "/api/v1/connections", key, "{\"provider\":\"finch\",\"name\":\"payroll\","
                + "\"credentials\":{\"token\":\"" + vendorConnection + "\"},\"webhookSecret\":\""
                + Base64.getEncoder().encodeToString(webhookSecret) + "\"}", null, 201);
        String connectionId = field(connection, "id");
        String tenantId = field(tenant, "id");

        // jobs: some completed by the poller after the kill, some by webhooks during the load
        List<String> pollJobs = new ArrayList<>();
        List<String> webhookJobs = new ArrayList<>();
        for (int i = 0; i < POLL_JOBS; i++) {
            pollJobs.add("p" + i + "-" + hex(6));
        }
        for (int i = 0; i < WEBHOOK_JOBS; i++) {
            webhookJobs.add("w" + i + "-" + hex(6));
        }
        List<String> jobIds = new ArrayList<>();
        for (String external : concat(pollJobs, webhookJobs)) {
            complete.put(external, false);
            String job = sendRetrying("POST", "/api/v1/jobs/track", key,
                    "{\"connectionId\":\"" + connectionId + "\",\"externalId\":\"" + external + "\"}", Set.of(200, 201));
            jobIds.add(field(job, "id"));
        }
        log("tracked " + jobIds.size() + " Finch jobs");

        // the event stream, through nginx; the instance serving it is the one killed
        EventStream stream = new EventStream(key);
        stream.open(null);
        int victim = stream.upstreamIndex();
        log("event stream served by instance " + victim + " (port " + ports[victim] + ")");

        // the load: readers, a tracker and a webhook sender, all through nginx, for a bounded time
        AtomicLong readsOk = new AtomicLong();
        AtomicLong readsFailed = new AtomicLong();
        AtomicLong tracks = new AtomicLong();
        AtomicLong trackRetries = new AtomicLong();
        AtomicLong webhookRetries = new AtomicLong();
        Map<String, String> acked = new ConcurrentHashMap<>(); // event id → vendor job id
        AtomicReference<Instant> killedAt = new AtomicReference<>();
        CountDownLatch stop = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(6);
        List<String> readFailures = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            pool.submit(() -> {
                while (stop.getCount() > 0) {
                    String path = ThreadLocalRandom.current().nextBoolean()
                            ? "/api/v1/jobs?limit=20&provider=finch"
                            : "/api/v1/jobs/" + jobIds.get(ThreadLocalRandom.current().nextInt(jobIds.size()));
                    try {
                        HttpResponse<String> res = http.send(request("GET", path, key, null, null),
                                HttpResponse.BodyHandlers.ofString());
                        if (res.statusCode() == 200) {
                            readsOk.incrementAndGet();
                        } else {
                            readsFailed.incrementAndGet();
                            synchronized (readFailures) {
                                readFailures.add(path + " → " + res.statusCode() + " " + abbreviate(res.body()));
                            }
                        }
                    } catch (Exception e) {
                        readsFailed.incrementAndGet();
                        synchronized (readFailures) {
                            readFailures.add(path + " → " + e);
                        }
                    }
                    pause(stop, 25); // ~40 reads/s per reader: under the per-key rate limit
                }
                return null;
            });
        }
        pool.submit(() -> {
            int i = 0;
            while (stop.getCount() > 0) {
                String external = "t" + (i++) + "-" + hex(6);
                complete.put(external, true);
                sendRetrying("POST", "/api/v1/jobs/track", key, "{\"connectionId\":\"" + connectionId
                        + "\",\"externalId\":\"" + external + "\"}", Set.of(200, 201), trackRetries);
                tracks.incrementAndGet();
                pause(stop, 200);
            }
            return null;
        });
        pool.submit(() -> {
            long timestamp = Instant.now().getEpochSecond();
            for (int i = 0; i < webhookJobs.size() && stop.getCount() > 0; i++) {
                String external = webhookJobs.get(i);
                complete.put(external, true);
                String eventId = "evt_scale_out_" + i + "_" + hex(4);
                String body = "{\"company_id\":null,\"account_id\":null,\"connection_id\":\"" + vendorConnection
                        + "\",\"event_type\":\"job.data_sync_all.completed\",\"data\":{\"job_id\":\"" + external
                        + "\",\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + external + "\"}}";
                // a vendor retries anything but 200: so does this sender, with the same event id
                for (int attempt = 0; ; attempt++) {
                    long now = Instant.now().getEpochSecond();
                    String signature = "v1," + sign(eventId + "." + now + "." + body);
                    try {
                        HttpRequest req = HttpRequest.newBuilder(URI.create(lb + "/webhooks/finch/" + connectionId))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .header("Finch-Event-Id", eventId)
                                .header("Finch-Timestamp", Long.toString(now))
                                .header("Finch-Signature", signature)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        int code = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (code == 200) {
                            acked.put(eventId, external);
                            break;
                        }
                    } catch (IOException e) {
                        // connection reset while the instance died: not acknowledged, send again
                    }
                    webhookRetries.incrementAndGet();
                    if (attempt > 50) {
                        throw new IllegalStateException("webhook " + eventId + " never acknowledged");
                    }
                    pause(stop, 200);
                }
                pause(stop, 250);
            }
            return null;
        });
        Instant loadStart = Instant.now();
        Thread.sleep(8_000); // the load runs for a fixed, bounded time: this is the schedule, not a sync
        killedAt.set(Instant.now());
        apps[victim].destroyForcibly(); // SIGKILL
        apps[victim].waitFor(10, TimeUnit.SECONDS);
        for (String external : pollJobs) {
            complete.put(external, true); // from now on only a poll can complete these
        }
        log("killed instance " + victim + " with SIGKILL; poll jobs now complete at the vendor");
        // watch, from the kill on, for the moment every poll job is SUCCEEDED (only a poll can do that)
        var takeoverWatch = Executors.newSingleThreadExecutor().submit(
                () -> awaitAll(tenantId, pollJobs, Duration.ofSeconds(90)));
        Thread.sleep(12_000);
        startApp(victim);
        awaitHealth(victim, Duration.ofSeconds(120));
        Instant restarted = Instant.now();
        log("instance " + victim + " restarted (" + Duration.between(killedAt.get(), restarted).toMillis() + " ms after the kill)");
        // cursors with reads on the replica, while tracks keep adding jobs: first pages come from the
        // replica, next pages from the primary, each request through nginx to any instance
        long replicaReadsBefore = replicaJobReads();
        for (String sort : List.of("createdAt", "-createdAt")) {
            walkCursor(key, tenantId, sort);
        }
        long replicaReads = awaitReplicaReads(replicaReadsBefore);
        figures.put("read replica", "job rows read on the replica during the cursor walks: " + replicaReads);
        if (replicaReads <= 0) {
            failures.add("no list read reached the replica");
        }
        Thread.sleep(3_000);
        stop.countDown();
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            failures.add("the load did not stop within 60 s");
        }
        Duration load = Duration.between(loadStart, Instant.now());

        // takeover: every poll job completed (only a poll can have done it), and when
        Instant takeover = takeoverWatch.get(120, TimeUnit.SECONDS);
        if (takeover == null) {
            failures.add("poll jobs not all SUCCEEDED 90 s after the kill");
        } else {
            long ms = Duration.between(killedAt.get(), takeover).toMillis();
            figures.put("poll takeover after the kill", ms + " ms (lease " + POLL_LEASE.toSeconds() + " s + poll interval ≤ "
                    + POLL_MAX_INTERVAL.toSeconds() + " s)");
            if (ms > POLL_LEASE.plus(POLL_MAX_INTERVAL).plusSeconds(15).toMillis()) {
                failures.add("poll jobs taken over after " + ms + " ms, more than the lease + interval + 15 s");
            }
        }
        // webhooks: every acknowledged delivery stored and processed, and its job completed
        try (Connection db = db()) {
            int stored = 0;
            int processed = 0;
            try (PreparedStatement ps = db.prepareStatement(
                    "select processed_at is not null from webhook_inbox where event_id = ?")) {
                for (String eventId : acked.keySet()) {
                    ps.setString(1, eventId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            stored++;
                            processed += rs.getBoolean(1) ? 1 : 0;
                        }
                    }
                }
            }
            Instant deadline = Instant.now().plusSeconds(60);
            while (processed < acked.size() && Instant.now().isBefore(deadline)) {
                Thread.sleep(500); // polling a condition with a deadline
                processed = count(db, "select count(*) from webhook_inbox where processed_at is not null and event_id = any(?)",
                        acked.keySet().toArray(String[]::new));
            }
            figures.put("webhooks answered 200", acked.size() + " of " + WEBHOOK_JOBS + " (" + webhookRetries.get()
                    + " deliveries retried after a non-200 or a reset)");
            figures.put("webhooks stored / processed", stored + " / " + processed);
            if (acked.size() < WEBHOOK_JOBS) {
                failures.add("only " + acked.size() + " of " + WEBHOOK_JOBS + " webhooks were sent and acknowledged");
            }
            if (stored != acked.size() || processed != acked.size()) {
                failures.add("acknowledged webhooks lost: " + acked.size() + " answered 200, " + stored + " stored, "
                        + processed + " processed");
            }
            if (awaitAll(tenantId, new ArrayList<>(acked.values()), Duration.ofSeconds(30)) == null) {
                failures.add("jobs named by acknowledged webhooks are not all SUCCEEDED");
            }

            // the event stream: after catching up it holds every job's latest change
            Map<String, Long> latest = new HashMap<>();
            try (PreparedStatement ps = db.prepareStatement("select id::text, change_seq from job where tenant_id = ?::uuid")) {
                ps.setString(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        latest.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            Instant until = Instant.now().plusSeconds(30);
            List<String> missing = stream.missing(latest);
            while (!missing.isEmpty() && Instant.now().isBefore(until)) {
                Thread.sleep(250);
                missing = stream.missing(latest);
            }
            figures.put("event stream", stream.events.get() + " events, " + stream.reconnects.get()
                    + " resumed with Last-Event-ID (first resume on instance " + stream.resumedOn + "), jobs missing their latest change: "
                    + missing.size());
            if (stream.reconnects.get() == 0) {
                failures.add("the event stream was never cut and resumed: the kill missed its instance");
            }
            if (!missing.isEmpty()) {
                failures.add("the resumed event stream lacks the latest change of " + missing.size() + " jobs, e.g. "
                        + missing.subList(0, Math.min(3, missing.size())));
            }
            if (stream.duplicateIds.get() > 0) {
                failures.add("the event stream repeated " + stream.duplicateIds.get() + " ids after a resume");
            }
        }
        stream.close();

        figures.put("load", load.toSeconds() + " s through nginx, instance " + victim + " killed at "
                + Duration.between(loadStart, killedAt.get()).toSeconds() + " s and back at "
                + Duration.between(loadStart, restarted).toSeconds() + " s");
        figures.put("reads (GET through nginx)", readsOk.get() + " ok, " + readsFailed.get() + " failed");
        figures.put("tracks", tracks.get() + " (" + trackRetries.get() + " retried by the client after a 502/reset)");
        if (readsFailed.get() > 0) {
            failures.add(readsFailed.get() + " reads failed, e.g. " + readFailures.subList(0, Math.min(3, readFailures.size())));
        }
        if (readsOk.get() < 100) {
            failures.add("too few reads (" + readsOk.get() + ") to say anything");
        }
        // the Finch budget: the stub's busiest second, across all instances
        // Finch counts its budget over minutes (1 000 per 5 minutes per IP): compare the busiest 5 s
        // window's rate with the budget (one second alone may hold two limiter periods' worth)
        int busiest = stubRequestsPerSecond.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
        long total = stubRequestsPerSecond.values().stream().mapToInt(AtomicInteger::get).sum();
        long first = stubRequestsPerSecond.keySet().stream().mapToLong(Long::longValue).min().orElse(0);
        long last = stubRequestsPerSecond.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        double busiestWindow = 0;
        for (long s = first; s + 4 <= last; s++) {
            int n = 0;
            for (long t = s; t < s + 5; t++) {
                AtomicInteger c = stubRequestsPerSecond.get(t);
                n += c == null ? 0 : c.get();
            }
            busiestWindow = Math.max(busiestWindow, n / 5.0);
        }
        figures.put("Finch requests (all instances)", total + " in all; busiest 5 s window " + String.format("%.1f", busiestWindow)
                + "/s, busiest second " + busiest + " (budget " + FINCH_BUDGET_PER_SECOND + "/s split as "
                + (FINCH_BUDGET_PER_SECOND / INSTANCES) + "/s per instance)");
        if (busiestWindow > FINCH_BUDGET_PER_SECOND * 1.1) {
            failures.add("the stub saw " + busiestWindow + " Finch requests per second over 5 s, over the shared budget");
        }

        System.out.println();
        System.out.println("scale-out figures:");
        figures.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        if (failures.isEmpty()) {
            System.out.println("scale-out: 1 passed, 0 failed");
            return 0;
        }
        failures.forEach(f -> System.out.println("FAIL: " + f));
        System.out.println("scale-out: 0 passed, 1 failed");
        return 1;
    }

    // ------------------------------------------------------------------ cursors on the replica

    /**
     * API.md: with a createdAt sort, every matching job that existed when page 1 was read appears exactly
     * once. Page 1 is read on the replica: "existed" is as of the replica's state, so the walk starts once
     * the replica has replayed past a snapshot of the primary; every job of that snapshot must be listed
     * exactly once, however many jobs are added while the walk goes on.
     */
    void walkCursor(String key, String tenantId, String sort) throws Exception {
        Set<String> before = new java.util.HashSet<>();
        String lsn;
        try (Connection db = db()) {
            try (PreparedStatement ps = db.prepareStatement("select id::text from job where tenant_id = ?::uuid and provider = 'finch'")) {
                ps.setString(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        before.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = db.prepareStatement("select pg_current_wal_lsn()::text"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                lsn = rs.getString(1);
            }
        }
        try (Connection replica = DriverManager.getConnection(opts.get("replica-url"), opts.get("db-user"), opts.get("db-password"));
             PreparedStatement ps = replica.prepareStatement("select pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
            ps.setString(1, lsn);
            Instant deadline = Instant.now().plusSeconds(30);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        break;
                    }
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the replica did not replay " + lsn + " within 30 s");
                }
                Thread.sleep(20);
            }
        }
        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/api/v1/jobs?provider=finch&limit=7&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor);
            String page = send("GET", path, key, null, null, 200);
            Matcher m = Pattern.compile("\\{\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(page);
            while (m.find()) {
                listed.add(m.group(1));
            }
            Matcher next = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"").matcher(page);
            cursor = next.find() ? java.net.URLEncoder.encode(next.group(1), StandardCharsets.UTF_8) : null;
            pages++;
        } while (cursor != null && pages < 1000);
        Set<String> distinct = new java.util.HashSet<>(listed);
        int duplicates = listed.size() - distinct.size();
        Set<String> missing = new java.util.HashSet<>(before);
        missing.removeAll(distinct);
        figures.put("cursor walk sort=" + sort, pages + " pages, " + listed.size() + " jobs listed, " + before.size()
                + " existed before page 1, " + missing.size() + " of them missing, " + duplicates + " listed twice");
        if (duplicates > 0 || !missing.isEmpty()) {
            failures.add("cursor walk sort=" + sort + ": " + missing.size() + " missing, " + duplicates + " listed twice");
        }
    }

    long replicaJobReads() throws Exception {
        try (Connection replica = DriverManager.getConnection(opts.get("replica-url"), opts.get("db-user"), opts.get("db-password"));
             PreparedStatement ps = replica.prepareStatement("select coalesce(sum(coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0)), 0) "
                     + "from pg_stat_user_tables where relname = 'job'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Statistics reach the replica's views with a short delay: wait (bounded) for the walks' reads to show. */
    long awaitReplicaReads(long before) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        long reads = replicaJobReads() - before;
        while (reads <= 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            reads = replicaJobReads() - before;
        }
        return reads;
    }

    // ------------------------------------------------------------------ the event stream client

    final class EventStream {
        final String key;
        final AtomicInteger events = new AtomicInteger();
        final AtomicInteger reconnects = new AtomicInteger();
        final AtomicInteger duplicateIds = new AtomicInteger();
        final Map<String, Long> seen = new ConcurrentHashMap<>(); // job id → highest change seen
        volatile long lastId = -1;
        volatile String upstream;
        volatile Integer resumedOn;
        volatile boolean closed;
        volatile InputStream body;
        Thread reader;

        EventStream(String key) {
            this.key = key;
        }

        void open(Long lastEventId) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(lb + "/api/v1/jobs/events"))
                    .header("Authorization", "Bearer " + key).GET();
            if (lastEventId != null) {
                b.header("Last-Event-ID", Long.toString(lastEventId));
            }
            HttpResponse<InputStream> res = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (res.statusCode() != 200) {
                throw new IOException("event stream answered " + res.statusCode());
            }
            upstream = res.headers().firstValue("X-Upstream").orElse("");
            body = res.body();
            if (lastEventId != null && resumedOn == null) {
                resumedOn = upstreamIndex();
            }
            reader = new Thread(this::read, "event-stream");
            reader.setDaemon(true);
            reader.start();
        }

        int upstreamIndex() {
            for (int i = 0; i < ports.length; i++) {
                if (upstream.endsWith(":" + ports[i])) {
                    return i;
                }
            }
            throw new IllegalStateException("unknown upstream " + upstream);
        }

        void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                long id = -1;
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("id:")) {
                        id = Long.parseLong(line.substring(3).trim());
                    } else if (line.startsWith("data:") && id >= 0) {
                        Matcher m = JOB_ID.matcher(line);
                        if (m.find()) {
                            if (id <= lastId) {
                                duplicateIds.incrementAndGet();
                            }
                            seen.merge(m.group(1), id, Math::max);
                            events.incrementAndGet();
                            lastId = Math.max(lastId, id);
                        }
                        id = -1;
                    }
                }
            } catch (IOException e) {
                // cut by the kill (or closed by us)
            }
            while (!closed) {
                try {
                    reconnects.incrementAndGet();
                    open(lastId < 0 ? null : lastId);
                    return;
                } catch (Exception e) {
                    try {
                        Thread.sleep(200); // the client's reconnect delay, as EventSource's retry
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }

        List<String> missing(Map<String, Long> latest) {
            List<String> out = new ArrayList<>();
            latest.forEach((job, seq) -> {
                if (seen.getOrDefault(job, -1L) < seq) {
                    out.add(job + "@" + seq);
                }
            });
            return out;
        }

        void close() throws IOException {
            closed = true;
            if (body != null) {
                body.close();
            }
        }
    }

    // ------------------------------------------------------------------ processes

    void startApp(int i) throws IOException {
        Path dir = work.resolve("app-" + i);
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-Xmx256m", "-XX:+UseParallelGC", "-jar", opts.get("jar"));
        Map<String, String> env = pb.environment();
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(ports[i]));
        env.put("JOBTOWER_DATA_DIR", dir.resolve("data").toString());
        env.put("JOBTOWER_DB_URL", opts.get("db-url"));
        env.put("JOBTOWER_DB_USER", opts.get("db-user"));
        env.put("JOBTOWER_DB_PASSWORD", opts.get("db-password"));
        env.put("JOBTOWER_DB_READ_URL", opts.get("replica-url"));
        env.put("JOBTOWER_SECRET_KEY", secretKey);
        env.put("JOBTOWER_ADMIN_TOKEN", adminToken);
        env.put("JOBTOWER_FINCH_BASE_URL", "http://127.0.0.1:" + opts.get("stub"));
        env.put("JOBTOWER_POLL_INTERVAL", "1s");
        env.put("JOBTOWER_POLL_MAX_INTERVAL", POLL_MAX_INTERVAL.toSeconds() + "s");
        env.put("JOBTOWER_POLL_LEASE", POLL_LEASE.toSeconds() + "s");
        env.put("JOBTOWER_WEBHOOKS_LEASE", POLL_LEASE.toSeconds() + "s");
        env.put("JOBTOWER_DISCOVERY_ENABLED", "false");
        // one key drives the whole load (~130 requests/s, over the default 100/s per key): the check
        // measures fail-over, not the per-key limit
        env.put("JOBTOWER_RATE_LIMIT", "10000");
        env.put("JOBTOWER_RATE_LIMIT_BURST", "10000");
        // Finch's budget is per egress IP: instances behind one address split it between them
        env.put("JOBTOWER_FINCH_RESILIENCE_RATE_LIMIT_LIMIT", Integer.toString(FINCH_BUDGET_PER_SECOND / INSTANCES));
        env.put("JOBTOWER_FINCH_RESILIENCE_RATE_LIMIT_PERIOD", "1s");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("app.log").toFile()));
        apps[i] = pb.start();
    }

    void awaitHealth(int i, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!apps[i].isAlive()) {
                throw new IllegalStateException("instance " + i + " exited; see " + work.resolve("app-" + i + "/app.log"));
            }
            try {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[i] + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("instance " + i + " not healthy within " + limit.toSeconds() + " s");
    }

    void stopAll() {
        for (Process p : apps) {
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : apps) {
            try {
                if (p != null && !p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stub != null) {
            stub.stop(0);
        }
    }

    void startStub(int port) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        stub.setExecutor(Executors.newFixedThreadPool(8));
        String created = Instant.now().minusSeconds(60).toString();
        stub.createContext("/", exchange -> {
            try (exchange) {
                stubRequestsPerSecond.computeIfAbsent(Instant.now().getEpochSecond(), s -> new AtomicInteger()).incrementAndGet();
                String path = exchange.getRequestURI().getPath();
                String token = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).replaceFirst("(?i)^Bearer\\s+", "");
                String body;
                int status = 200;
                if (path.equals("/introspect")) {
                    body = "{\"connection_id\":\"" + token + "\",\"client_type\":\"production\",\"connection_type\":\"provider\","
                            + "\"products\":[\"directory\"]}";
                } else if (path.equals("/jobs/automated")) {
                    body = "{\"paging\":{\"count\":0,\"offset\":0},\"data\":[]}";
                } else if (path.startsWith("/jobs/automated/") && complete.containsKey(path.substring(16))) {
                    String id = path.substring(16);
                    boolean done = complete.get(id);
                    body = "{\"job_id\":\"" + id + "\",\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + id
                            + "\",\"type\":\"data_sync_all\",\"status\":\"" + (done ? "complete" : "in_progress")
                            + "\",\"created_at\":\"" + created + "\",\"scheduled_at\":null,\"started_at\":\"" + created
                            + "\",\"completed_at\":" + (done ? "\"" + Instant.now() + "\"" : "null") + ",\"params\":{\"individual_id\":null}}";
                } else {
                    status = 404;
                    body = "{\"code\":404,\"name\":\"not_found_error\",\"message\":\"not found\"}";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        stub.start();
    }

    // ------------------------------------------------------------------ HTTP and SQL

    HttpRequest request(String method, String path, String bearer, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(lb + path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + bearer)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (headers != null) {
            headers.forEach(b::header);
        }
        return b.build();
    }

    String send(String method, String path, String bearer, String body, Map<String, String> headers, int expected) throws Exception {
        HttpResponse<String> res = http.send(request(method, path, bearer, body, headers), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + res.statusCode() + ": " + abbreviate(res.body()));
        }
        return res.body();
    }

    String sendRetrying(String method, String path, String bearer, String body, Set<Integer> ok) throws Exception {
        return sendRetrying(method, path, bearer, body, ok, new AtomicLong());
    }

    /** A client's retry of a non-idempotent call that nginx may not retry (502 from a dying instance). */
    String sendRetrying(String method, String path, String bearer, String body, Set<Integer> ok, AtomicLong retries) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                HttpResponse<String> res = http.send(request(method, path, bearer, body, null), HttpResponse.BodyHandlers.ofString());
                if (ok.contains(res.statusCode())) {
                    return res.body();
                }
                if (res.statusCode() != 502 && res.statusCode() != 503 && res.statusCode() != 429) {
                    throw new IllegalStateException(method + " " + path + " answered " + res.statusCode() + ": " + abbreviate(res.body()));
                }
            } catch (IOException e) {
                // reset by a dying instance
            }
            retries.incrementAndGet();
            Thread.sleep(200);
        }
        throw new IllegalStateException(method + " " + path + " failed 50 times");
    }

    Connection db() throws Exception {
        return DriverManager.getConnection(opts.get("db-url"), opts.get("db-user"), opts.get("db-password"));
    }

    static int count(Connection db, String sql, String[] ids) throws Exception {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setArray(1, db.createArrayOf("text", ids));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static int count(Connection db, String sql) throws Exception {
        try (PreparedStatement ps = db.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Waits until every named vendor job is SUCCEEDED; answers when that was first seen, or null. */
    Instant awaitAll(String tenantId, List<String> externalIds, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        try (Connection db = db(); PreparedStatement ps = db.prepareStatement(
                "select count(*) from job where tenant_id = ?::uuid and status = 'SUCCEEDED' and external_id = any(?)")) {
            ps.setString(1, tenantId);
            ps.setArray(2, db.createArrayOf("text", externalIds.toArray(String[]::new)));
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == externalIds.size()) {
                        return Instant.now();
                    }
                }
                Thread.sleep(200);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ small things

    String sign(String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(webhookSecret, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + abbreviate(json));
        }
        return m.group(1);
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    static void pause(CountDownLatch stop, long ms) throws InterruptedException {
        stop.await(ms, TimeUnit.MILLISECONDS); // pacing of the load, ends at once when the load stops
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    static String hex(int bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : random(bytes)) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void log(String s) {
        System.out.println("[scale-out] " + s);
    }
}
