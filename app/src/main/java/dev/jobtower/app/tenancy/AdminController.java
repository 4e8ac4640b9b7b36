package dev.jobtower.app.tenancy;

import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.security.ServerSecrets;
import dev.jobtower.app.security.Tokens;
import dev.jobtower.app.web.ApiDocs;
import dev.jobtower.app.web.JsonBody;
import dev.jobtower.app.web.QueryParameters;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
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

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The admin API: tenants and their API keys, behind {@code Authorization: Bearer <admin token>}.
 * With no admin token configured (external database, no {@code JOBTOWER_ADMIN_TOKEN}) it answers 404.
 */
@Controller("/admin/tenants")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "admin")
@SecurityRequirement(name = ApiDocs.ADMIN_TOKEN)
public class AdminController {
    private final Tenancy tenancy;
    private final ServerSecrets secrets;
    private final JsonMapper json;

    public AdminController(Tenancy tenancy, ServerSecrets secrets, JsonMapper json) {
        this.tenancy = tenancy;
        this.secrets = secrets;
        this.json = json;
    }

    /** A tenant as created: its first key is shown this once. */
    @Serdeable
    public record CreatedTenant(UUID id, String name, String apiKey, UUID keyId) {
    }

    /** A key as minted: shown this once. */
    @Serdeable
    public record CreatedKey(UUID keyId, String apiKey, Instant createdAt) {
    }

    /** A key as listed: never the key itself. */
    @Serdeable
    public record KeyView(UUID keyId, Instant createdAt, @Nullable @Schema(requiredMode = REQUIRED) Instant lastUsedAt,
                          @Nullable @Schema(requiredMode = REQUIRED) Instant revokedAt) {
    }

    /** The keys of a tenant. */
    @Serdeable
    public record KeyList(List<KeyView> items) {
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @Status(HttpStatus.CREATED)
    @Operation(operationId = "createTenant", summary = "Create a tenant and its first API key")
    @ApiResponse(responseCode = "201", description = "The tenant and its first API key (shown this once).")
    @ApiResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = ApiDocs.SERVICE_UNAVAILABLE)
    @ApiResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    public CreatedTenant createTenant(HttpRequest<?> request,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreateTenantRequest.class)))
            @Body String body) {
        requireAdmin(request);
        QueryParameters.requireKnown(request, Set.of());
        JsonBody fields = JsonBody.parse(json, body, Set.of("name"));
        String name = fields.string("name", true, 200);
        fields.requireValid();
        Tenancy.NewTenant created = tenancy.createTenant(name.strip());
        return new CreatedTenant(created.tenant().id(), created.tenant().name(), created.key().apiKey(),
                created.key().keyId());
    }

    @Post("/{tenantId}/keys")
    @Status(HttpStatus.CREATED)
    @Operation(operationId = "createApiKey", summary = "Mint another API key for a tenant")
    @ApiResponse(responseCode = "201", description = "The key (shown this once).")
    @ApiResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = ApiDocs.SERVICE_UNAVAILABLE)
    public CreatedKey createKey(HttpRequest<?> request, @Parameter(description = "The tenant id.", schema = @Schema(type = "string", format = "uuid")) String tenantId) {
        requireAdmin(request);
        UUID id = tenant(tenantId);
        Tenancy.MintedKey key = tenancy.mintKey(id);
        return new CreatedKey(key.keyId(), key.apiKey(), key.createdAt());
    }

    @Get("/{tenantId}/keys")
    @Operation(operationId = "listApiKeys", summary = "List a tenant's API keys (never the keys themselves)")
    @ApiResponse(responseCode = "200", description = "The tenant's keys.")
    @ApiResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = ApiDocs.SERVICE_UNAVAILABLE)
    public KeyList keys(HttpRequest<?> request, @Parameter(description = "The tenant id.", schema = @Schema(type = "string", format = "uuid")) String tenantId) {
        requireAdmin(request);
        QueryParameters.requireKnown(request, Set.of());
        UUID id = tenant(tenantId);
        return new KeyList(tenancy.keys(id).stream()
                .map(k -> new KeyView(k.id(), k.createdAt(), k.lastUsedAt(), k.revokedAt())).toList());
    }

    @Delete("/{tenantId}/keys/{keyId}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key: it stops working at once")
    @ApiResponse(responseCode = "204", description = "Revoked.")
    @ApiResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = ApiDocs.SERVICE_UNAVAILABLE)
    public HttpResponse<Void> revoke(HttpRequest<?> request, @Parameter(description = "The tenant id.", schema = @Schema(type = "string", format = "uuid")) String tenantId,
            @Parameter(description = "The key id.", schema = @Schema(type = "string", format = "uuid")) String keyId) {
        requireAdmin(request);
        UUID id = tenant(tenantId);
        UUID key = uuid("keyId", keyId);
        if (!tenancy.revoke(id, key)) {
            throw ApiException.notFound("key " + keyId);
        }
        return HttpResponse.noContent();
    }

    private UUID tenant(String text) {
        UUID id = uuid("tenantId", text);
        if (tenancy.tenant(id).isEmpty()) {
            throw ApiException.notFound("tenant " + text);
        }
        return id;
    }

    private static UUID uuid(String parameter, String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(parameter, "must be a UUID");
        }
    }

    private void requireAdmin(HttpRequest<?> request) {
        String expected = secrets.adminToken().orElseThrow(() -> ApiException.notFound("the admin API"));
        String given = Tokens.bearer(request.getHeaders().getAuthorization().orElse(null));
        if (given == null || !Tokens.same(given, expected)) {
            throw ApiException.unauthorized("the admin token is missing or wrong");
        }
    }
}
