package dev.jobtower.app.tenancy;

import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.problem.ProblemResponses;
import dev.jobtower.app.security.Tokens;
import dev.jobtower.domain.job.TenantId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.Clock;
import java.util.Optional;

/** {@code /api/**} needs {@code Authorization: Bearer <apiKey>}; the key's tenant scopes the request. */
@ServerFilter("/api/**")
public class ApiKeyFilter {
    /** The request attribute holding the caller's {@link TenantId}. */
    public static final String TENANT = "jobtower.tenant";

    private final Tenancy tenancy;
    private final Clock clock;

    public ApiKeyFilter(Tenancy tenancy, Clock clock) {
        this.tenancy = tenancy;
        this.clock = clock;
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
        Optional<TenantId> tenant = tenancy.authenticate(key);
        if (tenant.isEmpty()) {
            return ProblemResponses.of(ApiException.unauthorized("the API key is not valid"), clock.instant());
        }
        request.setAttribute(TENANT, tenant.get());
        return null;
    }

    /** The authenticated tenant of a request that passed this filter. */
    public static TenantId tenantOf(HttpRequest<?> request) {
        return request.getAttribute(TENANT, TenantId.class)
                .orElseThrow(() -> ApiException.unauthorized("an API key is required"));
    }
}
