package dev.jobtower.app.webhooks;

import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.problem.ProblemResponses;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookSignal;
import dev.jobtower.domain.tracking.IngestingWebhook;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import dev.jobtower.app.web.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Vendor webhooks: authenticated by the vendor's own scheme, stored in the inbox, answered 200 with an
 * empty body, then processed. Every authenticated delivery gets 200, even an unusable one (vendors
 * retry anything else for hours); an unauthenticated one gets 401 and nothing is stored.
 */
@Controller("/webhooks")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "webhooks")
public class WebhookController {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);

    private final IngestingWebhook ingesting;
    private final WebhookProcessor processor;
    private final MeterRegistry meters;
    private final Clock clock;
    private dev.jobtower.app.vendors.VendorModules vendors;

    public WebhookController(IngestingWebhook ingesting, WebhookProcessor processor, MeterRegistry meters, Clock clock) {
        this.ingesting = ingesting;
        this.processor = processor;
        this.meters = meters;
        this.clock = clock;
    }

    /** The registered vendors: a webhook path naming another provider is {@code 404}. */
    @jakarta.inject.Inject
    void useVendorModules(dev.jobtower.app.vendors.VendorModules modules) {
        this.vendors = modules;
    }

    @Post("/{provider}/{connectionId}")
    @Consumes({"application/json", "application/*+json", "text/plain", "*/*"})
    @Operation(operationId = "receiveWebhook", security = {},
            summary = "Receive a vendor webhook (authenticated by the vendor's scheme, no API key)")
    @ApiResponse(responseCode = "200", description = "Authenticated and stored (even when unusable); empty body.")
    @ApiResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @ApiResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "503", ref = ApiDocs.SERVICE_UNAVAILABLE)
    public HttpResponse<?> receive(HttpRequest<?> request,
                                   @Parameter(schema = @Schema(ref = ApiDocs.PROVIDER))
                                   String provider,
                                   @Parameter(schema = @Schema(type = "string", format = "uuid")) String connectionId,
                                   @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "The vendor's "
                                           + "payload, verbatim (signed by the vendor's scheme).", content = @Content(
                                           mediaType = "application/json", schema = @Schema(type = "object")))
                                   @Nullable @Body byte[] body) {
        Provider p = vendors.find(provider).orElseThrow(() -> ApiException.notFound("no webhook endpoint"));
        IngestingWebhook.Receipt receipt = ingesting.receive(p, connectionId, new WebhookDelivery(headers(request), body));
        if (!receipt.accepted()) {
            return reject(p, receipt.rejection());
        }
        WebhookSignal signal = receipt.signal();
        boolean fresh = receipt.fresh();
        String outcome = !fresh ? "duplicate" : signal.disposition().name().toLowerCase(java.util.Locale.ROOT);
        meters.counter("jobtower.webhooks", "provider", p.wireName(), "outcome", outcome).increment();
        if (signal.disposition() == WebhookSignal.Disposition.UNUSABLE) {
            LOG.warn("Unusable {} webhook {} acknowledged and ignored", p, signal.eventId());
        }
        if (receipt.actionable()) {
            // accepted: the path named a connection that exists
            processor.kick(dev.jobtower.domain.job.ConnectionId.of(connectionId));
        }
        return HttpResponse.ok();
    }

    private HttpResponse<?> reject(Provider provider, String reason) {
        meters.counter("jobtower.webhooks", "provider", provider.wireName(), "outcome", "rejected").increment();
        LOG.info("Rejected a {} webhook: {}", provider, reason);
        return ProblemResponses.of(ApiException.unauthorized("the webhook could not be authenticated"), clock.instant());
    }

    private static Map<String, List<String>> headers(HttpRequest<?> request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : request.getHeaders().names()) {
            headers.put(name, new ArrayList<>(request.getHeaders().getAll(name)));
        }
        return headers;
    }
}
