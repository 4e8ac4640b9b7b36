package dev.jobtower.app;

import io.micronaut.context.annotation.Factory;
import dev.jobtower.app.settings.ExecutorSettings;
import dev.jobtower.app.settings.WebhookInboxSettings;
import dev.jobtower.app.sync.PollSettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bounded executor per kind of work (ARCHITECTURE.md "Isolation: who may wait for whom"), so no kind
 * waits behind another: API reads of stored data and webhook intake run on Micronaut's {@code io} pool and
 * never wait for a vendor; vendor calls made for API requests (enqueue, track, refresh) have their own
 * pool, which refuses at once when it is full (503); the poller, webhook processing, discovery and
 * connection set-up, and the event stream's backlog reads each have theirs. Vendor calls themselves run
 * in each provider's bulkhead, of which one connection holds at most its share.
 */
@Factory
public class WorkExecutors {
    public static final String API_VENDOR = "jobtower-api-vendor";
    public static final String POLLER = "jobtower-poller";
    public static final String WEBHOOKS = "jobtower-webhooks";
    public static final String SETUP = "jobtower-setup";
    public static final String EVENTS = "jobtower-events";

    private final List<ExecutorService> made = new ArrayList<>();

    /** Vendor calls for API requests: a full pool answers at once instead of queueing requests behind it. */
    @Singleton
    @Named(API_VENDOR)
    ExecutorService apiVendor(ExecutorSettings settings) {
        int threads = settings.apiVendor().threads();
        int queue = settings.apiVendor().queue();
        return track(new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, queue)),
                named(API_VENDOR), new ThreadPoolExecutor.AbortPolicy()));
    }

    /** Poll reads: as many threads as reads may be in flight ({@code jobtower.poll.parallelism}). */
    @Singleton
    @Named(POLLER)
    ExecutorService poller(PollSettings settings) {
        return fixed(POLLER, settings.parallelism());
    }

    /** The inbox's drain loop and its connections processed side by side ({@code jobtower.webhooks.parallelism}). */
    @Singleton
    @Named(WEBHOOKS)
    ExecutorService webhooks(WebhookInboxSettings settings) {
        return fixed(WEBHOOKS, settings.parallelism() + 1);
    }

    @Singleton
    @Named(SETUP)
    ExecutorService setup(ExecutorSettings settings) {
        return fixed(SETUP, settings.setup().threads());
    }

    @Singleton
    @Named(EVENTS)
    ExecutorService events(ExecutorSettings settings) {
        return fixed(EVENTS, settings.events().threads());
    }

    private ExecutorService fixed(String name, int threads) {
        int n = Math.max(1, threads);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), named(name));
        pool.allowCoreThreadTimeOut(true);
        return track(pool);
    }

    private synchronized ExecutorService track(ExecutorService pool) {
        made.add(pool);
        return pool;
    }

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    synchronized void shutdown() {
        made.forEach(ExecutorService::shutdownNow);
    }
}
