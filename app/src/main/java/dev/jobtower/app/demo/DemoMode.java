package dev.jobtower.app.demo;

import dev.jobtower.app.vendors.VendorModules;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.VendorModule;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.util.StringUtils;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Demo mode ({@code JOBTOWER_DEMO=true}): once the server listens, the demo tenant and its connections are
 * found or made, each simulator is told where that connection's webhooks go, the trickle of jobs starts, and
 * the log says where to look and with which key. Everything else is the real Jobtower: adapters, poller,
 * webhooks and API; the simulators (under {@code /_demo}) are only the far side of HTTP.
 */
@Singleton
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class DemoMode implements ApplicationEventListener<ServerStartupEvent> {
    /** The Micronaut environment that holds demo mode's defaults ({@code application-demo.yml}). */
    public static final String ENVIRONMENT = "demo";
    private static final Logger LOG = LoggerFactory.getLogger(DemoMode.class);

    private final DemoAccount account;
    private final DemoTraffic traffic;
    private final ConnectionStore connections;
    private final VendorModules vendors;
    private final Environment environment;
    private volatile DemoAccount.Setup setup;

    public DemoMode(DemoAccount account, DemoTraffic traffic, ConnectionStore connections, VendorModules vendors,
                    Environment environment) {
        this.account = account;
        this.traffic = traffic;
        this.connections = connections;
        this.vendors = vendors;
        this.environment = environment;
    }

    /**
     * Whether {@code JOBTOWER_DEMO} (or the system property {@code jobtower.demo}) asks for demo mode: then
     * {@link #ENVIRONMENT} is activated at startup, before any configuration is read.
     */
    public static boolean requested(Map<String, String> env, java.util.Properties system) {
        String value = system.getProperty("jobtower.demo", env.getOrDefault("JOBTOWER_DEMO", ""));
        return "true".equalsIgnoreCase(value.strip());
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        int port = event.getSource().getPort();
        DemoAccount.Setup demo = account.ensure();
        setup = demo;
        String base = "http://127.0.0.1:" + port;
        for (Map.Entry<Provider, Connection> e : demo.connections().entrySet()) {
            register(e.getKey(), e.getValue(), base);
        }
        for (VendorModule module : vendors.all()) {
            if (module.demo().isEmpty()) {
                continue;
            }
            Provider provider = module.provider();
            String expected = base + "/_demo/" + provider.wireName();
            String configured = environment.getProperty("micronaut.http.services." + provider.wireName() + ".url",
                    String.class).orElse("");
            if (!configured.replaceAll("/+$", "").equals(expected)) {
                LOG.warn("Demo: {} calls {}, not this process's simulator at {} (JOBTOWER_{}_BASE_URL, or a port "
                        + "that was not fixed)", provider, configured, expected,
                        provider.wireName().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            }
        }
        traffic.start(demo);
        // the demo key is the one secret Jobtower ever logs, and only in demo mode: it opens demo data only
        LOG.info("Demo mode: simulated {} run inside this process; new jobs start every few seconds."
                + "\n  Dashboard: http://localhost:{}/"
                + "\n  API key:   {}"
                + "\n  Try:       curl -s localhost:{}/api/v1/jobs -H 'Authorization: Bearer {}'",
                labels(), port, demo.apiKey(), port, demo.apiKey());
    }

    /** The demo's tenant, key and connections, once the server has started. */
    public Optional<DemoAccount.Setup> setup() {
        return Optional.ofNullable(setup);
    }

    private void register(Provider provider, Connection connection, String base) {
        Optional<ConnectionSecrets> secrets = connections.secrets(connection.id());
        if (secrets.isEmpty() || secrets.get().webhookSecret() == null) {
            LOG.info("Demo: the {} connection has no webhook secret; its jobs are polled only", provider);
            return;
        }
        URI url = URI.create(base + "/webhooks/" + provider.wireName() + "/" + connection.id());
        String token = secrets.get().token();
        String secret = secrets.get().webhookSecret();
        vendors.module(provider).flatMap(VendorModule::demo).ifPresent(d -> d.registerWebhook(token, url, secret));
    }

    /** The labels of the vendors whose simulators run here, as a phrase ({@code A, B and C}). */
    private String labels() {
        java.util.List<String> labels = vendors.all().stream().filter(m -> m.demo().isPresent()).map(VendorModule::label).toList();
        return labels.size() <= 1 ? String.join("", labels)
                : String.join(", ", labels.subList(0, labels.size() - 1)) + " and " + labels.get(labels.size() - 1);
    }
}
