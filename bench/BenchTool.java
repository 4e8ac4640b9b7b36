import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helpers for bench/run, JDK only (compiled once by the script; no build step, no dependencies):
 *
 * <ul>
 *   <li>{@code finch-stub PORT MAX_SECONDS BASE_EPOCH_SECOND}: a minimal Finch API on loopback for webhook re-reads and
 *       polls ({@code /introspect}, {@code /jobs/automated/{id}}, an empty job list). It stops by itself
 *       after MAX_SECONDS.</li>
 *   <li>{@code webhooks TARGETS OUT_PREFIX THREADS COUNT}: signs COUNT Finch webhooks (REFERENCE.md 1.7:
 *       HMAC-SHA256 over {@code id.timestamp.body}, base64 secret) for wrk, one file per wrk thread.</li>
 *   <li>{@code pgbench-scripts LOG OUT_DIR}: turns the statements the app issued (PostgreSQL's log with
 *       {@code log_statement=all}, between {@code bench-marker:NAME} statements) into one pgbench script
 *       per endpoint, with every parameter as a pgbench variable.</li>
 *   <li>{@code percentiles FILE...}: p50 and p99 (microseconds) of pgbench's per-transaction logs.</li>
 *   <li>{@code receiver PORT MAX_SECONDS}: a webhook receiver on loopback that answers every POST 204 at once
 *       (the outbound-webhook delivery measurement); stops by itself after MAX_SECONDS.</li>
 *   <li>{@code finch-stub PORT MAX_SECONDS BASE_EPOCH_SECOND HANG_PREFIX} (the noisy-neighbour phase): as above,
 *       but every call made with a token starting with HANG_PREFIX is held open until the stub exits;
 *       {@code GET /_bench/held} answers how many are held now.</li>
 *   <li>{@code probe SECONDS INTERVAL_MS API_KEY NAME=METHOD:URL...}: one client per target, each sending
 *       one request at a time (the next INTERVAL_MS after the previous one started, or at once when it
 *       took longer) for SECONDS; prints {@code NAME n= p50_ms= p99_ms= max_ms= non200= fresh=} per target
 *       (fresh: answers 200 whose body says {@code "stale":false}).</li>
 * </ul>
 */
public final class BenchTool {
    private BenchTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: BenchTool finch-stub|webhooks|pgbench-scripts|percentiles ...");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "finch-stub" -> finchStub(Integer.parseInt(rest[0]), Long.parseLong(rest[1]), Long.parseLong(rest[2]),
                    rest.length > 3 ? rest[3] : null);
            case "webhooks" -> webhooks(Path.of(rest[0]), rest[1], Integer.parseInt(rest[2]), Integer.parseInt(rest[3]));
            case "pgbench-scripts" -> pgbenchScripts(Path.of(rest[0]), Path.of(rest[1]));
            case "percentiles" -> percentiles(rest);
            case "receiver" -> receiver(Integer.parseInt(rest[0]), Long.parseLong(rest[1]));
            case "probe" -> probe(rest);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    // ---------------------------------------------------------------- Finch stub

    /**
     * Answers as Finch would, just enough for Jobtower's Finch adapter. A token starting with
     * {@code bench-poll} gets jobs still {@code in_progress} (a poll that finds nothing new), any other
     * token gets {@code complete} jobs (what a {@code job.*.completed} webhook announces).
     */
    static void finchStub(int port, long maxSeconds, long baseEpochSecond) throws IOException {
        finchStub(port, maxSeconds, baseEpochSecond, null);
    }

    /**
     * With {@code hangPrefix}: every request whose token starts with it is held open until the stub exits
     * (a vendor account that hangs), each on a thread of its own, so other tokens are still answered at once.
     */
    static void finchStub(int port, long maxSeconds, long baseEpochSecond, String hangPrefix) throws IOException {
        // fixed times per run, so a re-read of an unchanged job reads the same facts (a no-change poll)
        Instant created = Instant.ofEpochSecond(baseEpochSecond);
        Instant started = created.plusSeconds(10);
        // small JSON answers: without TCP_NODELAY every answer waits out the client's delayed ACK (~40 ms)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(hangPrefix == null ? Executors.newFixedThreadPool(8) : Executors.newCachedThreadPool());
        AtomicLong reads = new AtomicLong();
        AtomicLong held = new AtomicLong();
        CountDownLatch never = new CountDownLatch(1);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String token = exchange.getRequestHeaders().getFirst("Authorization");
                token = token == null ? "" : token.replaceFirst("(?i)^Bearer\\s+", "");
                if (hangPrefix != null && path.equals("/_bench/held")) {
                    respond(exchange, 200, Long.toString(held.get()));
                    return;
                }
                if (hangPrefix != null && token.startsWith(hangPrefix)) {
                    held.incrementAndGet();
                    try {
                        never.await(maxSeconds, TimeUnit.SECONDS); // until the stub exits: no answer
                    } finally {
                        held.decrementAndGet();
                    }
                    return;
                }
                if (path.equals("/introspect")) {
                    respond(exchange, 200, "{\"connection_id\":\"" + token + "\",\"client_type\":\"production\","
                            + "\"connection_type\":\"provider\",\"products\":[\"directory\",\"payment\"]}");
                } else if (path.equals("/jobs/automated")) {
                    respond(exchange, 200, "{\"paging\":{\"count\":0,\"offset\":0},\"data\":[]}");
                } else if (path.startsWith("/jobs/automated/")) {
                    reads.incrementAndGet();
                    String id = path.substring("/jobs/automated/".length());
                    boolean running = token.startsWith("bench-poll");
                    String body = "{\"job_id\":\"" + id + "\",\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + id
                            + "\",\"type\":\"data_sync_all\",\"status\":\"" + (running ? "in_progress" : "complete")
                            + "\",\"created_at\":\"" + created + "\",\"scheduled_at\":null,\"started_at\":\""
                            + started + "\",\"completed_at\":" + (running ? "null" : "\"" + started.plusSeconds(60) + "\"")
                            + ",\"params\":{\"individual_id\":null}}";
                    respond(exchange, 200, body);
                } else {
                    respond(exchange, 404, "{\"code\":404,\"name\":\"not_found_error\",\"message\":\"not found\"}");
                }
            } catch (RuntimeException e) {
                System.err.println("stub: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        System.out.println("finch stub listening on 127.0.0.1:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("finch stub served " + reads.get() + " job reads")));
        try {
            Thread.sleep(maxSeconds * 1000); // bounded: the stub never outlives a bench run by much
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        System.exit(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---------------------------------------------------------------- signed webhooks

    /**
     * TARGETS has one line per job a webhook may name: {@code connectionId TAB vendorConnectionId TAB
     * base64Secret TAB externalId}. Each output line is {@code path TAB eventId TAB timestamp TAB
     * signature TAB body}; line i goes to file {@code OUT_PREFIX.(i % THREADS)}.
     */
    static void webhooks(Path targets, String outPrefix, int threads, int count) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(targets)) {
            if (!line.isBlank()) {
                rows.add(line.split("\t"));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("no webhook targets in " + targets);
        }
        Map<String, Mac> macs = new LinkedHashMap<>();
        BufferedWriter[] out = new BufferedWriter[threads];
        for (int t = 0; t < threads; t++) {
            out[t] = Files.newBufferedWriter(Path.of(outPrefix + "." + t));
        }
        long timestamp = Instant.now().getEpochSecond();
        String run = Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < count; i++) {
            String[] row = rows.get(i % rows.size());
            String eventId = "evt_bench_" + run + "_" + i;
            String body = "{\"company_id\":null,\"account_id\":null,\"connection_id\":\"" + row[1]
                    + "\",\"event_type\":\"job.data_sync_all.completed\",\"data\":{\"job_id\":\"" + row[3]
                    + "\",\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + row[3] + "\"}}";
            Mac mac = macs.computeIfAbsent(row[2], secret -> {
                try {
                    Mac m = Mac.getInstance("HmacSHA256");
                    m.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
                    return m;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            mac.update((eventId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
            BufferedWriter w = out[i % threads];
            w.write("/webhooks/finch/" + row[0] + "\t" + eventId + "\t" + timestamp + "\t" + signature + "\t" + body);
            w.newLine();
        }
        for (BufferedWriter w : out) {
            w.close();
        }
    }

    // ---------------------------------------------------------------- SQL capture → pgbench

    private static final Pattern LOG_LINE = Pattern.compile("^\\S+ \\S+ \\S+ \\[(\\d+)\\] (LOG|DETAIL):  (.*)$");
    private static final Pattern EXECUTE = Pattern.compile("^(?:execute [^:]*|statement): (.*)$");
    private static final Pattern PARAM = Pattern.compile("\\$(\\d+) = (NULL|'((?:[^']|'')*)')");
    private static final Pattern MARKER = Pattern.compile("bench-marker:([a-z0-9_-]+)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");

    /** A statement the app issued, with its parameter values (null for SQL NULL). */
    record Statement(String sql, Map<Integer, String> parameters) {
    }

    /**
     * Reads the log written while bench/run made one request per endpoint, each after a
     * {@code select 'bench-marker:NAME'} from psql. Writes {@code NAME.sql} (the pgbench script) and
     * {@code NAME.vars} (one {@code -D name=value} argument per line) and {@code NAME.txt} (the SQL as
     * issued, for the report). Background statements (the webhook sweep, health checks) are dropped.
     */
    static void pgbenchScripts(Path log, Path outDir) throws IOException {
        Map<String, List<Statement>> byEndpoint = new LinkedHashMap<>();
        List<Statement> current = null;
        Map<String, Statement> lastByPid = new LinkedHashMap<>();   // awaiting its Parameters: line
        Map<String, Statement> beginByPid = new LinkedHashMap<>();  // a BEGIN not yet known to be the request's
        Map<String, Boolean> backgroundTx = new LinkedHashMap<>();  // inside a background transaction
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = LOG_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String pid = m.group(1);
            String text = m.group(3);
            if (m.group(2).equals("LOG")) {
                Matcher marker = MARKER.matcher(text);
                if (text.startsWith("statement: ") && marker.find()) {
                    String name = marker.group(1);
                    current = name.equals("end") ? null : byEndpoint.computeIfAbsent(name, k -> new ArrayList<>());
                    continue;
                }
                Matcher e = EXECUTE.matcher(text);
                if (current == null || !e.matches()) {
                    continue;
                }
                String sql = e.group(1).strip();
                String word = sql.toLowerCase(Locale.ROOT);
                lastByPid.remove(pid);
                if (word.equals("begin") || word.startsWith("begin ") || word.startsWith("start transaction")) {
                    beginByPid.put(pid, new Statement(sql, new LinkedHashMap<>()));
                    continue;
                }
                if (word.equals("commit") || word.equals("rollback")) {
                    boolean background = backgroundTx.remove(pid) != null;
                    boolean empty = beginByPid.remove(pid) != null;
                    if (!background && !empty) {
                        current.add(new Statement(sql, new LinkedHashMap<>()));
                    }
                    continue;
                }
                if (sql.isEmpty() || isBackground(sql)) {
                    if (beginByPid.remove(pid) != null) {
                        backgroundTx.put(pid, true);
                    }
                    continue;
                }
                if (backgroundTx.containsKey(pid)) {
                    continue;
                }
                Statement begin = beginByPid.remove(pid);
                if (begin != null) {
                    current.add(begin);
                }
                Statement s = new Statement(sql, new LinkedHashMap<>());
                current.add(s);
                lastByPid.put(pid, s);
            } else if (text.startsWith("Parameters: ") && lastByPid.containsKey(pid)) {
                Statement s = lastByPid.remove(pid);
                Matcher p = PARAM.matcher(text.substring("Parameters: ".length()));
                while (p.find()) {
                    s.parameters().put(Integer.parseInt(p.group(1)),
                            p.group(2).equals("NULL") ? null : p.group(3).replace("''", "'"));
                }
            }
        }
        Files.createDirectories(outDir);
        for (Map.Entry<String, List<Statement>> entry : byEndpoint.entrySet()) {
            String name = entry.getKey();
            if (entry.getValue().isEmpty()) {
                throw new IllegalStateException("no statements were captured for " + name);
            }
            StringBuilder script = new StringBuilder();
            StringBuilder text = new StringBuilder();
            List<String> vars = new ArrayList<>();
            int index = 0;
            for (Statement s : entry.getValue()) {
                index++;
                int statement = index;
                text.append(s.sql()).append(";\n");
                if (!s.parameters().isEmpty()) {
                    text.append("-- parameters: ").append(s.parameters()).append('\n');
                }
                StringBuilder sql = new StringBuilder();
                Matcher ph = PLACEHOLDER.matcher(s.sql());
                while (ph.find()) {
                    int n = Integer.parseInt(ph.group(1));
                    String value = s.parameters().get(n);
                    String replacement;
                    if (!s.parameters().containsKey(n)) {
                        replacement = ph.group(); // not a parameter we know of: leave it
                    } else if (value == null) {
                        replacement = "NULL";
                    } else {
                        String var = "s" + statement + "p" + n;
                        vars.add("-D" + var + "=" + value);
                        replacement = ":" + var;
                    }
                    ph.appendReplacement(sql, Matcher.quoteReplacement(replacement));
                }
                ph.appendTail(sql);
                script.append(sql).append(";\n");
            }
            Files.writeString(outDir.resolve(name + ".sql"), script.toString());
            Files.writeString(outDir.resolve(name + ".txt"), text.toString());
            Files.write(outDir.resolve(name + ".vars"), vars);
        }
        System.out.println("captured: " + byEndpoint.keySet());
    }

    /** Statements of the app's background work, not of the request being captured. */
    private static boolean isBackground(String sql) {
        String s = sql.toLowerCase(Locale.ROOT);
        // also the API key's lastUsedAt, written at most once a minute per key (JOBTOWER_API_KEY_TOUCH_INTERVAL)
        // and the app's other timers: the notification worker's claim, the poller's (job_poll), the active-jobs
        // gauge's count over every tenant (a read endpoint's count names its tenant)
        return s.contains("webhook_inbox") || s.contains("next_poll_at <=") || s.equals("select 1")
                || s.contains("bench-marker") || s.startsWith("update \"api_key\"") || s.startsWith("update api_key")
                || s.contains("webhook_message") || s.contains("job_poll")
                || (s.contains("from job_count") && !s.contains("tenant_id"));
    }

    // ---------------------------------------------------------------- pgbench latency percentiles

    /** pgbench -l lines: client_id transaction_no time_us script_no epoch_s epoch_us (time in microseconds). */
    static void percentiles(String[] files) throws IOException {
        long[] values = new long[1 << 16];
        int n = 0;
        for (String file : files) {
            for (String line : Files.readAllLines(Path.of(file))) {
                String[] f = line.split(" ");
                if (f.length < 3) {
                    continue;
                }
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = Long.parseLong(f[2]);
            }
        }
        if (n == 0) {
            throw new IllegalStateException("no pgbench transactions logged");
        }
        Arrays.sort(values, 0, n);
        PrintWriter out = new PrintWriter(System.out, true);
        out.println(values[(int) Math.min(n - 1, Math.floor(n * 0.50))] + " " + values[(int) Math.min(n - 1, Math.floor(n * 0.99))]
                + " " + n);
    }

    /** Answers every request 204 at once, reading the body first, as a fast receiver would. */
    static void receiver(int port, long maxSeconds) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        AtomicLong received = new AtomicLong();
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                received.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("received " + received.get())));
        try {
            Thread.sleep(maxSeconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        System.exit(0);
    }

    // ---------------------------------------------------------------- latency probe

    /**
     * One client per target (NAME=METHOD:URL), each sending one request at a time with the API key: the
     * next starts INTERVAL_MS after the previous one started (at once when that one took longer), for
     * SECONDS. Prints one line per target: requests, p50/p99/max in ms, answers not 200 (a timeout or a
     * refused connection counts as one), and fresh answers (200 with {@code "stale":false} in the body).
     */
    static void probe(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        long intervalMs = Long.parseLong(args[1]);
        String key = args[2];
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(java.time.Duration.ofSeconds(5)).build();
        List<Thread> threads = new ArrayList<>();
        Map<String, String> lines = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int i = 3; i < args.length; i++) {
            String[] nameRest = args[i].split("=", 2);
            String[] methodUrl = nameRest[1].split(":", 2);
            String name = nameRest[0];
            lines.put(name, name + " n=0");
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(methodUrl[1]))
                    .timeout(java.time.Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key).header("Accept", "application/json")
                    .method(methodUrl[0], java.net.http.HttpRequest.BodyPublishers.noBody()).build();
            Thread t = new Thread(() -> {
                List<Long> micros = new ArrayList<>();
                int notOk = 0;
                int fresh = 0;
                try {
                    client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()); // unmeasured: the client's first use
                } catch (IOException e) {
                    // measured below
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long next = System.nanoTime();
                while (next < end) {
                    long start = System.nanoTime();
                    int status;
                    String body = "";
                    try {
                        java.net.http.HttpResponse<String> answer =
                                client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                        status = answer.statusCode();
                        body = answer.body();
                    } catch (IOException e) {
                        status = 0;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    long took = System.nanoTime() - start;
                    micros.add(took / 1000);
                    if (status != 200) {
                        notOk++;
                    } else if (body.contains("\"stale\":false")) {
                        fresh++;
                    }
                    next = Math.max(start + intervalMs * 1_000_000L, System.nanoTime());
                    long wait = next - System.nanoTime();
                    if (wait > 0 && next < end) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait); // pacing only, not synchronisation
                    }
                }
                java.util.Collections.sort(micros);
                lines.put(name, String.format(Locale.ROOT, "%s n=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f non200=%d fresh=%d",
                        name, micros.size(), rank(micros, 0.50) / 1000.0, rank(micros, 0.99) / 1000.0,
                        micros.isEmpty() ? 0 : micros.get(micros.size() - 1) / 1000.0, notOk, fresh));
            }, "probe-" + name);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        lines.values().forEach(System.out::println);
    }

    /** The nearest-rank percentile of sorted values (0 for none). */
    private static long rank(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
