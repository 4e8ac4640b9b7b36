package dev.jobtower.app.web;

/**
 * Names shared by the controllers' OpenAPI annotations. The shared parts themselves (the problem schema,
 * the error answers, the security schemes) are written once in {@code app/src/main/openapi/components.yml},
 * which micronaut-openapi merges into the generated {@code /openapi.yml}. A controller method lists its
 * errors as {@code @ApiResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)}, one per status.
 */
public final class ApiDocs {
    private ApiDocs() {
    }

    public static final String PROBLEM_JSON = "application/problem+json";

    /** Security requirement names ({@code @SecurityRequirement(name = ...)}). */
    public static final String API_KEY = "apiKey";
    public static final String ADMIN_TOKEN = "adminToken";

    /** Prefix of the shared query parameters ({@code components.parameters}: the job filters, sort, limit, cursor, groupBy). */
    public static final String PARAMETERS = "#/components/parameters/";

    /** Nullable domain enums (the domain carries no annotations): {@code @Schema(ref = ...)} on the field. */
    public static final String NULLABLE_STATUS_REASON = "#/components/schemas/NullableStatusReason";
    /** A JSON object of any members, or null (job params and attributes). */
    public static final String NULLABLE_JSON_OBJECT = "#/components/schemas/NullableJsonObject";
    public static final String NULLABLE_FAILURE_CATEGORY = "#/components/schemas/NullableFailureCategory";
    /**
     * A provider's API name. The code takes the names from the registered vendor modules; the document lists
     * them in {@code components.yml} (one place to add a vendor's name to the document).
     */
    public static final String PROVIDER = "#/components/schemas/Provider";

    /** Error answers, each a problem+json ({@code components.responses}). */
    public static final String BAD_REQUEST = "#/components/responses/BadRequest";
    public static final String UNAUTHORIZED = "#/components/responses/Unauthorized";
    public static final String NOT_FOUND = "#/components/responses/NotFound";
    public static final String NOT_ACCEPTABLE = "#/components/responses/NotAcceptable";
    public static final String CONFLICT = "#/components/responses/Conflict";
    public static final String PAYLOAD_TOO_LARGE = "#/components/responses/PayloadTooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = "#/components/responses/UnsupportedMediaType";
    public static final String UNPROCESSABLE = "#/components/responses/Unprocessable";
    public static final String TOO_MANY_REQUESTS = "#/components/responses/TooManyRequests";
    public static final String BAD_GATEWAY = "#/components/responses/BadGateway";
    public static final String SERVICE_UNAVAILABLE = "#/components/responses/ServiceUnavailable";
}
