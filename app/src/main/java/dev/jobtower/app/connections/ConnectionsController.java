package dev.jobtower.app.connections;

import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.tenancy.ApiKeyFilter;
import dev.jobtower.app.web.ApiDocs;
import dev.jobtower.app.web.StandardErrors;
import dev.jobtower.app.web.JsonBody;
import dev.jobtower.app.web.QueryParameters;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.provider.InvalidJobRequest;
import dev.jobtower.domain.tracking.ProviderDirectory;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Connections: one vendor account of the tenant each; credentials and secrets are write-only. */
@Controller("/api/v1/connections")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "connections")
@SecurityRequirement(name = ApiDocs.API_KEY)
public class ConnectionsController {
    private static final int MAX_SECRET_LENGTH = 4096;

    private final ConnectionStore connections;
    private final ProviderDirectory providers;
    private final ConnectionLifecycle lifecycle;
    private final JsonMapper json;
    private final Clock clock;
    private final String publicUrl;
    private ConnectionCap cap;
    private ConnectionHealth health;
    private dev.jobtower.app.vendors.VendorModules vendors;

    public ConnectionsController(ConnectionStore connections, ProviderDirectory providers, ConnectionLifecycle lifecycle,
                                 JsonMapper json, Clock clock, @Value("${jobtower.public-url:}") String publicUrl) {
        this.connections = connections;
        this.providers = providers;
        this.lifecycle = lifecycle;
        this.json = json;
        this.clock = clock;
        this.publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
    }

    /** {@code JOBTOWER_TENANT_MAX_CONNECTIONS} on creation (API.md "Limits and fairness"). */
    @jakarta.inject.Inject
    void useConnectionCap(ConnectionCap connectionCap) {
        this.cap = connectionCap;
    }

    /** Each connection's {@code health} (its own circuit, API.md "Isolation"). */
    @jakarta.inject.Inject
    void useConnectionHealth(ConnectionHealth connectionHealth) {
        this.health = connectionHealth;
    }

    /** The registered vendors: the providers a connection may be made to. */
    @jakarta.inject.Inject
    void useVendorModules(dev.jobtower.app.vendors.VendorModules modules) {
        this.vendors = modules;
    }

    /** The tenant's connections. */
    @Serdeable
    public record ConnectionList(List<ConnectionView> items) {
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @Status(HttpStatus.CREATED)
    @Operation(operationId = "createConnection",
            summary = "Connect a vendor account (credentials are encrypted and never shown again)")
    @ApiResponse(responseCode = "201", description = "The connection (never its credentials or webhook secret).")
    @ApiResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @StandardErrors
    public ConnectionView create(HttpRequest<?> request,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectionRequests.Create.class)))
            @Body String body) {
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        QueryParameters.requireKnown(request, Set.of());
        JsonBody fields = JsonBody.parse(json, body, Set.of("provider", "name", "credentials", "webhookSecret"));
        String providerName = fields.string("provider", true, 32);
        Optional<Provider> provider = Optional.empty();
        if (providerName != null) {
            provider = vendors.find(providerName);
            if (provider.isEmpty()) {
                fields.error("provider", "must be one of " + vendors.names(", "));
            }
        }
        String name = fields.string("name", true, Connection.MAX_NAME_LENGTH);
        fields.object("credentials", true);
        String token = fields.nestedString("credentials", "token", true, MAX_SECRET_LENGTH);
        String webhookSecret = fields.string("webhookSecret", false, MAX_SECRET_LENGTH);
        if (webhookSecret != null && provider.isPresent()) {
            checkWebhookSecret(fields, provider.get(), webhookSecret);
        }
        fields.requireValid();
        Connection connection = cap.create(new Connection(new ConnectionId(UUID.randomUUID()), tenant,
                provider.orElseThrow(), name, clock.instant(), null, null), new ConnectionSecrets(token, webhookSecret));
        lifecycle.connected(connection);
        return view(connection);
    }

    @Get
    @Operation(operationId = "listConnections", summary = "The tenant's connections")
    @ApiResponse(responseCode = "200", description = "Every connection of the tenant.")
    @StandardErrors
    public ConnectionList list(HttpRequest<?> request) {
        QueryParameters.requireKnown(request, Set.of());
        return new ConnectionList(connections.list(ApiKeyFilter.tenantOf(request)).stream().map(this::view).toList());
    }

    @Get("/{id}")
    @Operation(operationId = "getConnection", summary = "One connection")
    @ApiResponse(responseCode = "200", description = "The connection.")
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @StandardErrors
    public ConnectionView get(HttpRequest<?> request, @Parameter(description = "The connection id.", schema = @Schema(type = "string", format = "uuid")) String id) {
        QueryParameters.requireKnown(request, Set.of());
        return view(find(request, id));
    }

    @Patch("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateConnection",
            summary = "Rename a connection or rotate its credentials and webhook secret")
    @ApiResponse(responseCode = "200", description = "The updated connection.")
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @ApiResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @StandardErrors
    public ConnectionView update(HttpRequest<?> request, @Parameter(description = "The connection id.", schema = @Schema(type = "string", format = "uuid")) String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectionRequests.Update.class)))
            @Body String body) {
        QueryParameters.requireKnown(request, Set.of());
        Connection connection = find(request, id);
        JsonBody fields = JsonBody.parse(json, body, Set.of("name", "credentials", "webhookSecret"));
        String name = fields.string("name", false, Connection.MAX_NAME_LENGTH);
        if (name != null && name.isBlank()) {
            fields.error("name", "must not be blank");
        }
        String token = null;
        if (fields.has("credentials")) {
            fields.object("credentials", true);
            token = fields.nestedString("credentials", "token", true, MAX_SECRET_LENGTH);
        }
        String webhookSecret = fields.string("webhookSecret", false, MAX_SECRET_LENGTH);
        if (webhookSecret != null) {
            checkWebhookSecret(fields, connection.provider(), webhookSecret);
        }
        fields.requireValid();
        ConnectionSecrets secrets = null;
        if (token != null || webhookSecret != null) {
            ConnectionSecrets current = connections.secrets(connection.id())
                    .orElseThrow(() -> ApiException.notFound("the connection"));
            secrets = current;
            if (token != null) {
                secrets = secrets.withToken(token);
            }
            if (webhookSecret != null) {
                secrets = secrets.withWebhookSecret(webhookSecret);
            }
        }
        Connection updated = connections.update(connection.tenantId(), connection.id(), name, secrets)
                .orElseThrow(() -> ApiException.notFound("the connection"));
        if (token != null) {
            lifecycle.connected(updated);
        }
        return view(updated);
    }

    @Delete("/{id}")
    @Operation(operationId = "deleteConnection",
            summary = "Delete a connection: polling stops, webhooks answer 401, its jobs stay readable")
    @ApiResponse(responseCode = "204", description = "Deleted.")
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @StandardErrors
    public HttpResponse<Void> delete(HttpRequest<?> request, @Parameter(description = "The connection id.", schema = @Schema(type = "string", format = "uuid")) String id) {
        QueryParameters.requireKnown(request, Set.of());
        Connection connection = find(request, id);
        connections.delete(connection.tenantId(), connection.id());
        return HttpResponse.noContent();
    }

    private void checkWebhookSecret(JsonBody fields, Provider provider, String secret) {
        try {
            providers.of(provider).validateWebhookSecret(secret);
        } catch (InvalidJobRequest e) {
            fields.error("webhookSecret", e.detail());
        }
    }

    private Connection find(HttpRequest<?> request, String id) {
        ConnectionId connectionId;
        try {
            connectionId = new ConnectionId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("id", "must be a connection id (UUID)");
        }
        return connections.find(ApiKeyFilter.tenantOf(request), connectionId)
                .orElseThrow(() -> ApiException.notFound("the connection"));
    }

    private ConnectionView view(Connection c) {
        String path = "/webhooks/" + c.provider().wireName() + "/" + c.id();
        return new ConnectionView(c.id().value(), c.provider().wireName(), c.name(), c.createdAt(), publicUrl + path,
                c.vendorConnectionId(), ConnectionView.QuotaView.of(c.quota()), health.of(c));
    }
}
