package dev.jobtower.app.demo;

import dev.jobtower.app.support.TestJson;
import dev.jobtower.app.connections.ConnectionLifecycle;
import dev.jobtower.app.db.DatabaseMode;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.app.tenancy.TenantRepository;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Demo mode end to end: the demo environment's defaults point every adapter at this process's simulators, the
 * trickle starts jobs through the real use cases, and the real poller and webhooks move them along, as seen
 * through the jobs API with the demo key.
 */
@MicronautTest(transactional = false, environments = DemoMode.ENVIRONMENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoModeTest extends JobtowerTest {
    /** A fixed port: demo mode's default vendor URLs name the port the server was told to use. */
    private static final int PORT = freePort();
    private static final String KEY = "jt_demo_key_for_the_demo_mode_test";
    private static final Set<Provider> ALL = Set.of(Provider.of("finch"), Provider.of("anon"), Provider.of("invopop"));

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    DemoAccount account;
    @Inject
    DemoMode demo;
    @Inject
    TenantRepository tenants;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;
    @Inject
    ConnectionLifecycle lifecycle;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry meters;
    @Inject
    dev.jobtower.app.vendors.VendorModules vendors;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        // no vendor URL is given: the demo environment's defaults (the simulators on PORT) apply
        properties.remove("jobtower.finch.base-url");
        properties.remove("jobtower.anon.base-url");
        properties.remove("jobtower.invopop.base-url");
        properties.put("micronaut.server.port", Integer.toString(PORT));
        properties.put("jobtower.poll.enabled", "true");
        properties.put("jobtower.poll.initial-delay", "1s");
        properties.put("jobtower.demo.api-key", KEY);
        properties.put("jobtower.demo.interval", "1s");
        return properties;
    }

    @Test
    void jobs_from_every_vendor_appear_and_change_status_through_the_real_poller_and_webhooks() {
        Api api = new Api("http://localhost:" + server.getPort());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<Provider, Set<String>> jobsByProvider = jobIdsByProvider(api);
            return jobsByProvider.keySet().containsAll(ALL)
                    && jobsByProvider.values().stream().allMatch(ids -> ids.stream().anyMatch(id -> historySize(api, id) >= 2));
        });

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                ALL.stream().allMatch(p -> webhooks(p, "actionable") > 0));
        for (Provider p : ALL) {
            assertEquals(0.0, webhooks(p, "rejected"), p + " webhooks are signed with the connection's secret");
        }
    }

    @Test
    void the_demo_receiver_inside_the_process_gets_signed_notifications_of_job_changes() {
        Api api = new Api("http://localhost:" + server.getPort());
        io.micronaut.json.tree.JsonNode endpoints = tree(api.get("/api/v1/webhook-endpoints", KEY).body()).get("items");
        assertEquals(1, endpoints.size());
        String id = endpoints.get(0).get("id").getStringValue();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                tree(api.get("/api/v1/webhook-endpoints/" + id + "/messages?status=succeeded", KEY).body()).get("items").size() >= 3);
        for (io.micronaut.json.tree.JsonNode m : tree(api.get("/api/v1/webhook-endpoints/" + id + "/messages?limit=200", KEY).body())
                .get("items").values()) {
            for (io.micronaut.json.tree.JsonNode a : m.get("attempts").values()) {
                assertEquals(204, a.get("responseStatus").getIntValue(), "the receiver verified every signature: " + m);
            }
        }
    }

    @Test
    void a_second_start_on_the_same_database_finds_the_tenant_key_and_connections_again() {
        DemoAccount.Setup first = demo.setup().orElseThrow();
        int keys = tenancy.keys(DemoAccount.TENANT_ID).size();

        DemoAccount.Setup second = account.ensure();

        assertEquals(first.tenantId(), second.tenantId());
        assertEquals(KEY, second.apiKey());
        assertEquals(ids(first.connections()), ids(second.connections()));
        assertEquals(1, tenants.count());
        assertEquals(3, connections.list(first.tenantId()).size());
        assertEquals(keys, tenancy.keys(DemoAccount.TENANT_ID).size(), "the configured key is stored once");
        Api.Response listed = new Api("http://localhost:" + server.getPort()).get("/api/v1/connections", KEY);
        assertEquals(200, listed.status(), listed.body());
        assertEquals(3, tree(listed.body()).get("items").size());
    }

    @Test
    void without_a_configured_key_one_is_generated_once_into_the_data_dir_readable_by_its_owner_only() throws IOException {
        Path dataDir = Files.createTempDirectory("jobtower-demo-key");
        DatabaseMode mode = new DatabaseMode("jdbc:postgresql://unused", dataDir.toString());
        DemoAccount generating = new DemoAccount(tenants, tenancy, connections, lifecycle, mode, clock, "", vendors);

        DemoAccount.Setup setup = generating.ensure();
        DemoAccount.Setup again = generating.ensure();

        Path file = dataDir.resolve(DemoAccount.KEY_FILE);
        assertEquals(setup.apiKey(), Files.readString(file).strip());
        assertEquals(setup.apiKey(), again.apiKey());
        assertNotEquals(KEY, setup.apiKey());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        assertEquals(new TenantId(DemoAccount.TENANT_ID), tenancy.authenticate(setup.apiKey()).orElseThrow());
        assertEquals(3, connections.list(setup.tenantId()).size(), "the connections are found again, not made twice");
    }

    private Map<Provider, Set<String>> jobIdsByProvider(Api api) {
        Api.Response r = api.get("/api/v1/jobs?limit=200", KEY);
        assertEquals(200, r.status(), r.body());
        Map<Provider, Set<String>> byProvider = new HashMap<>();
        for (JsonNode item : tree(r.body()).get("items").values()) {
            Provider provider = Provider.of(item.get("provider").getStringValue());
            byProvider.computeIfAbsent(provider, p -> new LinkedHashSet<>()).add(item.get("id").getStringValue());
        }
        return byProvider;
    }

    private int historySize(Api api, String jobId) {
        Api.Response r = api.get("/api/v1/jobs/" + jobId + "/history", KEY);
        assertEquals(200, r.status(), r.body());
        return tree(r.body()).get("items").size();
    }

    private double webhooks(Provider provider, String outcome) {
        Counter counter = meters.find("jobtower.webhooks").tag("provider", provider.wireName()).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static Set<String> ids(Map<Provider, Connection> connections) {
        return connections.values().stream().map(c -> c.id().toString()).collect(Collectors.toSet());
    }

    private JsonNode tree(String text) {
        return TestJson.tree(json, text);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
