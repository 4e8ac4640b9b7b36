package dev.jobtower.app.notifications;

import dev.jobtower.app.demo.DemoAccount;
import dev.jobtower.app.security.Tokens;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Demo mode's own receiver: on start the demo tenant gets an endpoint pointing at
 * {@code /_demo/receiver} in this process, which checks each message's signature as a receiver must
 * and logs it, so a newcomer sees notifications flowing (and their log on the dashboard).
 */
@Controller("/_demo/receiver")
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
public class DemoWebhookReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(DemoWebhookReceiver.class);
    static final String DESCRIPTION = "Demo receiver (inside this process)";
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final DemoAccount account;
    private final WebhookEndpointStore endpoints;
    private final JsonMapper json;
    private final Clock clock;
    private final AtomicLong received = new AtomicLong();
    private volatile UUID endpointId;

    public DemoWebhookReceiver(DemoAccount account, WebhookEndpointStore endpoints, JsonMapper json, Clock clock) {
        this.account = account;
        this.endpoints = endpoints;
        this.json = json;
        this.clock = clock;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        UUID tenant = account.ensure().tenantId().value();
        String url = "http://127.0.0.1:" + event.getSource().getPort() + "/_demo/receiver";
        WebhookEndpoint endpoint = endpoints.list(tenant).stream().filter(e -> DESCRIPTION.equals(e.description()))
                .findFirst().orElse(null);
        if (endpoint == null) {
            endpoint = new WebhookEndpoint(UUID.randomUUID(), tenant, url, DESCRIPTION, WebhookEndpoint.EVENT_TYPES,
                    WebhookEndpoint.Filter.NONE, true, null, clock.instant());
            endpoints.create(endpoint, WebhookSignature.newSecret());
        } else if (!endpoint.url().equals(url) || !endpoint.enabled()) {
            endpoints.update(new WebhookEndpoint(endpoint.id(), tenant, url, endpoint.description(), endpoint.events(),
                    endpoint.filter(), true, null, endpoint.createdAt()));
        }
        endpointId = endpoint.id();
        LOG.info("Demo: job changes are sent as signed webhooks to {} (messages: GET /api/v1/webhook-endpoints/{}/messages)",
                url, endpoint.id());
    }

    @Post
    public HttpResponse<Void> receive(HttpRequest<?> request, @Body String body) {
        UUID id = endpointId;
        String messageId = request.getHeaders().get("webhook-id");
        String timestamp = request.getHeaders().get("webhook-timestamp");
        String signatures = request.getHeaders().get("webhook-signature");
        if (id == null || messageId == null || timestamp == null || signatures == null || body == null) {
            return HttpResponse.badRequest();
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return HttpResponse.badRequest();
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs().compareTo(TOLERANCE) > 0) {
            LOG.warn("Demo receiver: message {} refused: timestamp outside 5 minutes", messageId);
            return HttpResponse.badRequest();
        }
        List<String> given = List.of(signatures.split(" "));
        boolean verified = endpoints.signingSecrets(id).stream().anyMatch(secret -> {
            String expected = "v1," + WebhookSignature.sign(secret, messageId, seconds, body);
            return given.stream().anyMatch(g -> Tokens.same(g, expected));
        });
        if (!verified) {
            LOG.warn("Demo receiver: message {} refused: no valid signature", messageId);
            return HttpResponse.unauthorized();
        }
        LOG.info("Demo receiver: #{} {} (signature verified)", received.incrementAndGet(), describe(body));
        return HttpResponse.noContent();
    }

    private String describe(String body) {
        try {
            JsonNode n = json.readValue(body, JsonNode.class);
            JsonNode data = n.get("data");
            JsonNode job = data == null ? null : data.get("job");
            if (job == null) {
                return text(n.get("type"));
            }
            JsonNode previous = data.get("previous");
            return text(n.get("type")) + " " + text(job.get("provider")) + " " + text(job.get("type")) + " "
                    + (previous == null || previous.get("status") == null || previous.get("status").isNull() ? "new"
                    : text(previous.get("status"))) + " -> " + text(job.get("status"))
                    + (job.get("statusReason") == null || job.get("statusReason").isNull() ? "" : " (" + text(job.get("statusReason")) + ")");
        } catch (IOException | RuntimeException e) {
            return "an unreadable message";
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "-" : n.isString() ? n.getStringValue() : n.toString();
    }
}
