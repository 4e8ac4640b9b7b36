package dev.jobtower.app.connections;

import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.tenancy.ApiKeyFilter;
import dev.jobtower.app.web.ApiDocs;
import dev.jobtower.app.web.StandardErrors;
import dev.jobtower.app.web.JsonBody;
import dev.jobtower.app.web.QueryParameters;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.tracking.ConnectCommand;
import dev.jobtower.domain.tracking.ConnectingAccount;
import dev.jobtower.domain.tracking.DeletingConnection;
import dev.jobtower.domain.tracking.ListingConnections;
import dev.jobtower.domain.tracking.RotatingCredentials;
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

    private final ListingConnections listing;
    private final ConnectingAccount connecting;
    private final RotatingCredentials rotating;
    private final DeletingConnection deleting;
    private final JsonMapper json;
    private final String publicUrl;
    private ConnectionHealth health;
    private dev.jobtower.app.vendors.VendorModules vendors;

    public ConnectionsController(ListingConnections listing, ConnectingAccount connecting, RotatingCredentials rotating,
                                 DeletingConnection deleting, JsonMapper json,
                                 dev.jobtower.app.settings.ServerSettings server) {
        String publicUrl = server.publicUrl();
        this.listing = listing;
        this.connecting = connecting;
        this.rotating = rotating;
        this.deleting = deleting;
        this.json = json;
        this.publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
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
            connecting.webhookSecretProblem(provider.get(), webhookSecret).ifPresent(p -> fields.error("webhookSecret", p));
        }
        fields.requireValid();
        return view(connecting.connect(new ConnectCommand(tenant, provider.orElseThrow(), name, token, webhookSecret)));
    }

    @Get
    @Operation(operationId = "listConnections", summary = "The tenant's connections")
    @ApiResponse(responseCode = "200", description = "Every connection of the tenant.")
    @StandardErrors
    public ConnectionList list(HttpRequest<?> request) {
        QueryParameters.requireKnown(request, Set.of());
        return new ConnectionList(listing.list(ApiKeyFilter.tenantOf(request)).stream().map(this::view).toList());
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
            rotating.webhookSecretProblem(connection, webhookSecret).ifPresent(p -> fields.error("webhookSecret", p));
        }
        fields.requireValid();
        return view(rotating.update(connection, name, token, webhookSecret)
                .orElseThrow(() -> ApiException.notFound("the connection")));
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
        deleting.delete(connection.tenantId(), connection.id());
        return HttpResponse.noContent();
    }

    private Connection find(HttpRequest<?> request, String id) {
        ConnectionId connectionId;
        try {
            connectionId = new ConnectionId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("id", "must be a connection id (UUID)");
        }
        return listing.get(ApiKeyFilter.tenantOf(request), connectionId)
                .orElseThrow(() -> ApiException.notFound("the connection"));
    }

    private ConnectionView view(Connection c) {
        String path = "/webhooks/" + c.provider().wireName() + "/" + c.id();
        return new ConnectionView(c.id().value(), c.provider().wireName(), c.name(), c.createdAt(), publicUrl + path,
                c.vendorConnectionId(), ConnectionView.QuotaView.of(c.quota()), health.of(c));
    }
}
