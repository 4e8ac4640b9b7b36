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
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * {@code /api/**} needs {@code Authorization: Bearer <apiKey>}; the key's tenant scopes the request.
 * A key whose shape alone shows it is not one of ours is refused before any database work; a valid
 * key then takes a token from its request rate bucket ({@link RequestRateLimits}).
 * <p>
 * Issue 19 (CPU per request): a key remembered as live ({@link Tenancy#recentTenant}) is admitted on the
 * event loop, with no database work and no executor hop; only a key that needs the database (not
 * remembered, its time up, or its last use due to be recorded) is looked up on the blocking executor.
 * The read endpoints then take a single hop, to the executor their controller runs on, instead of two.
 */
@ServerFilter("/api/**")
public class ApiKeyFilter {
    /** The request attribute holding the caller's {@link TenantId}. */
    public static final String TENANT = "jobtower.tenant";

    private final Tenancy tenancy;
    private final Clock clock;
    private final RequestRateLimits rateLimits;

    private final int demoKeyLength;
    private final Scheduler blocking;

    public ApiKeyFilter(Tenancy tenancy, Clock clock, RequestRateLimits rateLimits,
                        dev.jobtower.app.settings.DemoSettings demo,
                        @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor) {
        String demoKey = demo.apiKey();
        this.blocking = Schedulers.fromExecutorService(blockingExecutor);
        this.tenancy = tenancy;
        this.clock = clock;
        this.rateLimits = rateLimits;
        this.demoKeyLength = demoKey == null ? 0 : demoKey.strip().length();
    }

    /** Minted keys have one shape; the only other key there can be is a configured demo key, of its length. */
    private boolean wellFormed(String key) {
        return Tokens.isMintedApiKeyShape(key) || (demoKeyLength > 0 && key.length() == demoKeyLength);
    }

    /** The refusal (401, 429), or the downstream answer when the key is admitted. */
    @RequestFilter
    public Publisher<MutableHttpResponse<?>> authenticate(HttpRequest<?> request,
                                                          FilterContinuation<Publisher<MutableHttpResponse<?>>> next) {
        String key = Tokens.bearer(request.getHeaders().getAuthorization().orElse(null));
        if (key == null) {
            return Mono.just(ProblemResponses.of(ApiException.unauthorized("an API key is required: Authorization: Bearer <apiKey>"),
                    clock.instant()));
        }
        if (!wellFormed(key) || key.length() > 512) {
            return Mono.just(invalid());
        }
        byte[] keyHash = Tokens.sha256(key); // once: the key lookup and the rate bucket both use it
        TenantId remembered = tenancy.recentTenant(keyHash);
        if (remembered != null) {
            MutableHttpResponse<?> refused = admit(request, remembered, keyHash);
            return refused == null ? next.proceed() : Mono.just(refused);
        }
        return Mono.fromCallable(() -> {
            TenantId tenant = tenancy.authenticateHash(keyHash).orElse(null);
            return Optional.ofNullable(tenant == null ? invalid() : admit(request, tenant, keyHash));
        }).subscribeOn(blocking).flatMap(refused -> refused.isPresent()
                ? Mono.<MutableHttpResponse<?>>just(refused.get())
                : Mono.from(next.proceed()));
    }

    private MutableHttpResponse<?> invalid() {
        return ProblemResponses.of(ApiException.unauthorized("the API key is not valid"), clock.instant());
    }

    /** Scopes the request to the key's tenant and takes a token from the key's bucket: null to go on, else the 429. */
    @Nullable
    private MutableHttpResponse<?> admit(HttpRequest<?> request, TenantId tenant, byte[] keyHash) {
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
