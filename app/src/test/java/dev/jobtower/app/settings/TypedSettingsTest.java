package dev.jobtower.app.settings;

import dev.jobtower.app.jobs.overdue.OverdueSettings;
import dev.jobtower.app.retention.RetentionSettings;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.sync.PollSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The typed settings as an operator meets them: the README's defaults are what the records hold when nothing is
 * set, the README's environment variables ({@code JOBTOWER_…}) reach them, and a wrong value stops start-up with
 * a message naming the key and its variable.
 */
class TypedSettingsTest {

    /** What a test instance needs (a fresh database, a secret key), plus {@code env} as environment variables. */
    private static ApplicationContext start(Map<String, Object> env) {
        Map<String, Object> base = new HashMap<>(new JobtowerTest() { }.getProperties());
        env.keySet().forEach(name -> base.keySet().removeIf(key -> Require.envName(key).equals(name)));
        return ApplicationContext.builder()
                .properties(base)
                .propertySources(PropertySource.of("test-env", env, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .start();
    }

    @Test
    void with_nothing_set_the_settings_hold_the_readme_defaults() {
        try (ApplicationContext context = start(Map.of())) {
            PollSettings poll = context.getBean(PollSettings.class);
            assertEquals(Duration.ofSeconds(5), poll.interval());
            assertEquals(Duration.ofMinutes(10), poll.maxInterval());
            assertEquals(100, poll.batch());
            assertEquals(Duration.ofSeconds(60), poll.lease());
            assertEquals(Duration.ofSeconds(1), poll.refusedRetry());
            assertEquals(16, poll.parallelism());
            assertEquals(4, poll.connectionParallelism());

            DatabaseSettings db = context.getBean(DatabaseSettings.class);
            assertEquals(16, db.poolSize());
            assertEquals(4, db.apiReserve());
            assertEquals(2, db.backgroundReserve());
            assertEquals(Duration.ofSeconds(2), db.shareWait());
            assertEquals(8, db.readPoolSize());
            assertEquals(0, db.embeddedPort());

            LimitSettings limits = context.getBean(LimitSettings.class);
            assertEquals(100, limits.rateLimit());
            assertEquals(200, limits.rateLimitBurst());
            assertEquals(100_000, limits.rateLimitMaxKeys());
            assertEquals(8, limits.tenantVendorConcurrency());
            assertEquals(100, limits.tenantMaxConnections());
            assertEquals(Duration.ofSeconds(5), limits.queryTimeout());

            ApiKeySettings keys = context.getBean(ApiKeySettings.class);
            assertEquals(Duration.ofSeconds(60), keys.apiKeyTouchInterval());
            assertEquals(Duration.ofSeconds(2), keys.apiKeyCacheTtl());

            ExecutorSettings executors = context.getBean(ExecutorSettings.class);
            assertEquals(32, executors.apiVendor().threads());
            assertEquals(64, executors.apiVendor().queue());
            assertEquals(4, executors.setup().threads());
            assertEquals(4, executors.events().threads());

            WebhookInboxSettings webhooks = context.getBean(WebhookInboxSettings.class);
            assertEquals(100, webhooks.batch());
            assertEquals(20, webhooks.maxAttempts());
            assertEquals(Duration.ofSeconds(60), webhooks.lease());
            assertTrue(webhooks.async());
            assertEquals(16, webhooks.parallelism());
            assertEquals(4, webhooks.connectionParallelism());
            assertEquals(8, webhooks.connectionTasks());

            IdempotencySettings idempotency = context.getBean(IdempotencySettings.class);
            assertEquals(Duration.ofHours(24), idempotency.retention());
            assertEquals(Duration.ofSeconds(60), idempotency.inFlightTimeout());
            assertEquals(Duration.ofMinutes(10), context.getBean(EnqueueSettings.class).unconfirmedGrace());

            DiscoverySettings discovery = context.getBean(DiscoverySettings.class);
            assertEquals(Duration.ofMinutes(15), discovery.interval());
            assertEquals(Duration.ofDays(7), discovery.lookback());
            assertEquals(1000, discovery.maxJobs());

            DemoSettings demo = context.getBean(DemoSettings.class);
            assertEquals("", demo.apiKey());
            assertEquals(Duration.ofSeconds(3), demo.interval());
            assertEquals(500, demo.maxJobs());

            OverdueSettings overdue = context.getBean(OverdueSettings.class);
            assertEquals(3.0, overdue.rule().factor());
            assertEquals(Duration.ofHours(24), overdue.rule().defaultDeadline());
            assertEquals(Duration.ofMinutes(1), overdue.sweepInterval());

            RetentionSettings retention = context.getBean(RetentionSettings.class);
            assertEquals(Optional.empty(), retention.terminalJobs(), "JOBTOWER_RETENTION_TERMINAL_JOBS 0 keeps forever");
            assertEquals(Optional.of(Duration.ofDays(30)), retention.raw());
            assertEquals(Optional.of(Duration.ofDays(7)), retention.webhooks());
            assertEquals(Optional.of(Duration.ofHours(24)), retention.idempotency());
            assertEquals(500, retention.batch());
            assertEquals(200, retention.maxBatchesPerRun());
        }
    }

    @Test
    void the_readme_environment_variables_reach_the_settings() {
        Map<String, Object> env = new HashMap<>();
        env.put("JOBTOWER_POLL_MAX_INTERVAL", "7m");
        env.put("JOBTOWER_POLL_CONNECTION_PARALLELISM", "3");
        env.put("JOBTOWER_DB_SHARE_WAIT", "3s");
        env.put("JOBTOWER_DB_READ_POOL_SIZE", "5");
        env.put("JOBTOWER_RATE_LIMIT_BURST", "300");
        env.put("JOBTOWER_TENANT_VENDOR_CONCURRENCY", "6");
        env.put("JOBTOWER_QUERY_TIMEOUT", "9s");
        env.put("JOBTOWER_API_KEY_CACHE_TTL", "0s");
        env.put("JOBTOWER_EXECUTORS_API_VENDOR_QUEUE", "70");
        env.put("JOBTOWER_EXECUTORS_EVENTS_THREADS", "2");
        env.put("JOBTOWER_WEBHOOKS_MAX_ATTEMPTS", "7");
        env.put("JOBTOWER_WEBHOOKS_CONNECTION_PARALLELISM", "2");
        env.put("JOBTOWER_IDEMPOTENCY_IN_FLIGHT_TIMEOUT", "90s");
        env.put("JOBTOWER_ENQUEUE_UNCONFIRMED_GRACE", "20m");
        env.put("JOBTOWER_DISCOVERY_MAX_JOBS", "50");
        env.put("JOBTOWER_DEMO_MAX_JOBS", "40");
        env.put("JOBTOWER_OVERDUE_DEFAULT", "2h");
        env.put("JOBTOWER_OVERDUE_FACTOR", "2.5");
        env.put("JOBTOWER_RETENTION_TERMINAL_JOBS", "90d");
        env.put("JOBTOWER_WEBHOOKS_RETENTION", "0");
        env.put("JOBTOWER_PUBLIC_URL", "https://jobs.example.com");
        try (ApplicationContext context = start(env)) {
            assertEquals(Duration.ofMinutes(7), context.getBean(PollSettings.class).maxInterval());
            assertEquals(3, context.getBean(PollSettings.class).connectionParallelism());
            assertEquals(Duration.ofSeconds(3), context.getBean(DatabaseSettings.class).shareWait());
            assertEquals(5, context.getBean(DatabaseSettings.class).readPoolSize());
            assertEquals(300, context.getBean(LimitSettings.class).rateLimitBurst());
            assertEquals(6, context.getBean(LimitSettings.class).tenantVendorConcurrency());
            assertEquals(Duration.ofSeconds(9), context.getBean(LimitSettings.class).queryTimeout());
            assertEquals(Duration.ZERO, context.getBean(ApiKeySettings.class).apiKeyCacheTtl());
            assertEquals(70, context.getBean(ExecutorSettings.class).apiVendor().queue());
            assertEquals(2, context.getBean(ExecutorSettings.class).events().threads());
            assertEquals(7, context.getBean(WebhookInboxSettings.class).maxAttempts());
            assertEquals(2, context.getBean(WebhookInboxSettings.class).connectionParallelism());
            assertEquals(Duration.ofSeconds(90), context.getBean(IdempotencySettings.class).inFlightTimeout());
            assertEquals(Duration.ofMinutes(20), context.getBean(EnqueueSettings.class).unconfirmedGrace());
            assertEquals(50, context.getBean(DiscoverySettings.class).maxJobs());
            assertEquals(40, context.getBean(DemoSettings.class).maxJobs());
            assertEquals(Duration.ofHours(2), context.getBean(OverdueSettings.class).rule().defaultDeadline());
            assertEquals(2.5, context.getBean(OverdueSettings.class).rule().factor());
            assertEquals(Optional.of(Duration.ofDays(90)), context.getBean(RetentionSettings.class).terminalJobs());
            assertEquals(Optional.empty(), context.getBean(RetentionSettings.class).webhooks(), "0 keeps forever");
            assertEquals("https://jobs.example.com", context.getBean(ServerSettings.class).publicUrl());
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "JOBTOWER_POLL_INTERVAL, 0s, jobtower.poll.interval",
            "JOBTOWER_POLL_PARALLELISM, 0, jobtower.poll.parallelism",
            "JOBTOWER_DB_POOL_SIZE, 1, jobtower.db.pool-size",
            "JOBTOWER_DB_EMBEDDED_PORT, 70000, jobtower.db.embedded-port",
            "JOBTOWER_RATE_LIMIT, 0, jobtower.rate-limit",
            "JOBTOWER_TENANT_MAX_CONNECTIONS, 0, jobtower.tenant-max-connections",
            "JOBTOWER_QUERY_TIMEOUT, -1s, jobtower.query-timeout",
            "JOBTOWER_EXECUTORS_API_VENDOR_THREADS, 0, jobtower.executors.api-vendor.threads",
            "JOBTOWER_WEBHOOKS_BATCH, 0, jobtower.webhooks.batch",
            "JOBTOWER_DISCOVERY_INTERVAL, 0s, jobtower.discovery.interval",
            "JOBTOWER_DEMO_INTERVAL, 0s, jobtower.demo.interval",
            "JOBTOWER_ENQUEUE_UNCONFIRMED_GRACE, 0s, jobtower.enqueue.unconfirmed-grace",
            "JOBTOWER_OVERDUE_FACTOR, 0, jobtower.overdue.factor",
            "JOBTOWER_FINCH_DISCOVERY_PAGE_SIZE, 0, jobtower.finch.discovery-page-size",
            "JOBTOWER_INVOPOP_WORKFLOW_NAME_TTL, -1m, jobtower.invopop.workflow-name-ttl",
    })
    void a_wrong_value_stops_start_up_naming_the_key_and_its_variable(String variable, String value, String key) {
        Throwable failure = assertThrows(RuntimeException.class, () -> start(Map.of(variable, value)).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        String text = messages.toString();
        assertTrue(text.contains(key + " (" + variable + ") must be"), "names the key and its variable:\n" + text);
        assertTrue(text.contains("got " + value.replace("0s", "PT0S").replace("-1s", "PT-1S").replace("-1m", "PT-1M"))
                || text.contains("got " + value), "names the value it got:\n" + text);
    }
}
