package dev.jobtower.app.notifications;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one signed message: the JDK client without redirects, the settings' timeout (15 s), the URL
 * checked again first (DNS rebinding), and the answer's body read up to a small cap and then dropped
 * (only an excerpt is kept, in errors). Sends are asynchronous: no thread waits for a slow receiver.
 */
@Singleton
public class WebhookSender {
    static final int EXCERPT = 200;

    private final WebhookSettings settings;
    private final EndpointUrlGuard guard;
    private final Clock clock;
    private final ExecutorService executor;
    private final ExecutorService resolving;
    private final HttpClient client;

    public WebhookSender(WebhookSettings settings, EndpointUrlGuard guard, Clock clock) {
        this.settings = settings;
        this.guard = guard;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "webhook-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger r = new AtomicInteger();
        this.resolving = Executors.newFixedThreadPool(8, task -> {
            Thread t = new Thread(task, "webhook-resolve-" + r.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout()).executor(executor);
        if (settings.trustStore() != null) {
            b.sslContext(trusting(settings.trustStore(), settings.trustStorePassword()));
        }
        this.client = b.build();
    }

    /** What an attempt answered, with the {@code Retry-After} it asked for, if any. */
    public record Outcome(WebhookMessages.Attempt attempt, Duration retryAfter) {
    }

    /**
     * Sends asynchronously. The URL check resolves the host, which may block: it runs on a pool of its own,
     * so a slow name server holds neither the caller nor the client's threads.
     */
    public CompletableFuture<Outcome> send(String url, String messageId, String body, List<String> secrets) {
        return CompletableFuture.supplyAsync(() -> sendChecked(url, messageId, body, secrets), resolving)
                .thenCompose(outcome -> outcome);
    }

    private CompletableFuture<Outcome> sendChecked(String url, String messageId, String body, List<String> secrets) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        java.util.Optional<String> refusal = guard.refusal(url);
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(new Outcome(new WebhookMessages.Attempt(at, null, 0,
                    "url refused: " + refusal.get()), null));
        }
        if (secrets.isEmpty()) {
            return CompletableFuture.completedFuture(new Outcome(new WebhookMessages.Attempt(at, null, 0,
                    "endpoint deleted"), null));
        }
        long timestamp = at.getEpochSecond();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Jobtower-Webhooks/1")
                    .header("webhook-id", messageId)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSignature.header(secrets, messageId, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Outcome(new WebhookMessages.Attempt(at, null, 0,
                    "invalid url"), null));
        }
        return client.sendAsync(request, info -> new CappedBody(settings.responseCap()))
                .handle((response, failure) -> {
                    long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
                    if (failure != null) {
                        return new Outcome(new WebhookMessages.Attempt(at, null, ms, describe(failure)), null);
                    }
                    int code = response.statusCode();
                    String error = null;
                    if (code < 200 || code >= 300) {
                        String excerpt = response.body();
                        error = "HTTP " + code + (excerpt.isBlank() ? "" : ": " + excerpt);
                    }
                    Duration retryAfter = code == 429 || code == 503
                            ? retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant())
                            : null;
                    return new Outcome(new WebhookMessages.Attempt(at, code, ms, error), retryAfter);
                });
    }

    private static String describe(Throwable failure) {
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (t instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (t instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (t instanceof javax.net.ssl.SSLException) {
            return "TLS failure";
        }
        return "connection failed (" + t.getClass().getSimpleName() + ")";
    }

    /** Seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, RetrySchedule.MAX_RETRY_AFTER.toSeconds()));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private static SSLContext trusting(String path, String password) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("jobtower.notifications.trust-store could not be loaded: "
                    + e.getClass().getSimpleName());
        }
    }

    @PreDestroy
    void close() {
        resolving.shutdownNow();
        executor.shutdownNow();
    }

    /** Reads at most {@code cap} bytes of a body (then stops reading), as a short one-line excerpt. */
    static final class CappedBody implements HttpResponse.BodySubscriber<String> {
        private final int cap;
        private final byte[] buffer;
        private int size;
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int cap) {
            this.cap = cap;
            this.buffer = new byte[cap];
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                int n = Math.min(item.remaining(), cap - size);
                item.get(buffer, size, n);
                size += n;
            }
            if (size >= cap) {
                subscription.cancel();
                complete();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            complete();
        }

        @Override
        public void onComplete() {
            complete();
        }

        private void complete() {
            if (result.isDone()) {
                return;
            }
            String text = new String(buffer, 0, size, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
            result.complete(text.length() > EXCERPT ? text.substring(0, EXCERPT) : text);
        }
    }
}
