package dev.jobtower.app.tenancy;

import dev.jobtower.app.limits.Limits;
import dev.jobtower.app.limits.RateLimitHeaders;
import dev.jobtower.app.limits.RequestRateLimits;
import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.problem.ProblemResponses;
import dev.jobtower.app.security.Tokens;
import dev.jobtower.domain.job.TenantId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.Clock;

/**
 * {@code /api/**} needs {@code Authorization: Bearer <apiKey>}; the key's tenant scopes the request.
 * A key whose shape alone shows it is not one of ours is refused before any database work; a valid
 * key then takes a token from its request rate bucket ({@link RequestRateLimits}).
 */
@ServerFilter("/api/**")
public class ApiKeyFilter {
    /** The request attribute holding the caller's {@link TenantId}. */
    public static final String TENANT = "jobtower.tenant";

    private final Tenancy tenancy;
    private final Clock clock;
    private final RequestRateLimits rateLimits;

    private final int demoKeyLength;

    public ApiKeyFilter(Tenancy tenancy, Clock clock, RequestRateLimits rateLimits,
                        dev.jobtower.app.settings.DemoSettings demo) {
        String demoKey = demo.apiKey();
        this.tenancy = tenancy;
        this.clock = clock;
        this.rateLimits = rateLimits;
        this.demoKeyLength = demoKey == null ? 0 : demoKey.strip().length();
    }

    /** Minted keys have one shape; the only other key there can be is a configured demo key, of its length. */
    private boolean wellFormed(String key) {
        return Tokens.isMintedApiKeyShape(key) || (demoKeyLength > 0 && key.length() == demoKeyLength);
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        String key = Tokens.bearer(request.getHeaders().getAuthorization().orElse(null));
        if (key == null) {
            return ProblemResponses.of(ApiException.unauthorized("an API key is required: Authorization: Bearer <apiKey>"),
                    clock.instant());
        }
        if (!wellFormed(key) || key.length() > 512) {
            return invalid();
        }
        byte[] keyHash = Tokens.sha256(key); // once: the key lookup and the rate bucket both use it
        TenantId tenant = tenancy.authenticateHash(keyHash).orElse(null);
        return tenant == null ? invalid() : admit(request, tenant, keyHash);
    }

    private HttpResponse<?> invalid() {
        return ProblemResponses.of(ApiException.unauthorized("the API key is not valid"), clock.instant());
    }

    /** Scopes the request to the key's tenant and takes a token from the key's bucket: null to go on, else the 429. */
    @Nullable
    private HttpResponse<?> admit(HttpRequest<?> request, TenantId tenant, byte[] keyHash) {
        request.setAttribute(TENANT, tenant);
        RequestRateLimits.Decision decision = rateLimits.take(keyHash);
        request.setAttribute(RateLimitHeaders.DECISION, decision);
        if (!decision.allowed()) {
            MutableHttpResponse<?> refused = ProblemResponses.of(Limits.rateLimited("this API key made more than "
                    + decision.limit() + " requests in a burst; slow down to the key's rate", decision.retryAt()), clock.instant());
            RateLimitHeaders.apply(decision, refused);
            return refused;
        }
        return null;
    }

    /** The authenticated tenant of a request that passed this filter. */
    public static TenantId tenantOf(HttpRequest<?> request) {
        return request.getAttribute(TENANT, TenantId.class)
                .orElseThrow(() -> ApiException.unauthorized("an API key is required"));
    }
}
