package dev.jobtower.adapters.finch;

import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.VendorUnavailable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;

import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * One blocking call to Finch's API at a time, with the headers every call carries. Answers with any
 * HTTP status come back as a {@link Answer}; only transport failures (timeouts, refused or reset
 * connections) are thrown, as {@link VendorUnavailable}.
 */
final class FinchApi {
    static final String API_VERSION_HEADER = "Finch-API-Version";

    private final BlockingHttpClient client;
    private final String apiVersion;
    private final String basePath;

    /** @param basePath a path every request goes below ({@code ""} for none): the path of the configured base URL */
    FinchApi(HttpClient client, String apiVersion, String basePath) {
        this.client = client.toBlocking();
        this.apiVersion = apiVersion;
        this.basePath = basePath;
    }

    /** What Finch answered: the status, the raw body (or {@code null}) and its {@code Retry-After}. */
    record Answer(int status, String body, String retryAfter) {
        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    Answer get(ProviderAccount account, String path) {
        return exchange(account, HttpRequest.GET(basePath + path));
    }

    Answer post(ProviderAccount account, String path, Object body) {
        return exchange(account, HttpRequest.POST(basePath + path, body));
    }

    private Answer exchange(ProviderAccount account, MutableHttpRequest<?> request) {
        // Finch's spec marks Content-Type required on every call, GETs included.
        request.bearerAuth(account.token())
                .header(API_VERSION_HEADER, apiVersion)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .accept(MediaType.APPLICATION_JSON_TYPE);
        try {
            HttpResponse<String> response = client.exchange(request, Argument.STRING, Argument.STRING);
            return answer(response);
        } catch (HttpClientResponseException e) {
            return answer(e.getResponse());
        } catch (ReadTimeoutException e) {
            throw VendorUnavailable.of(FailureCategory.TIMEOUT, e);
        } catch (RuntimeException e) {
            // connect errors, resets, closed or garbled responses: whatever the transport threw
            throw VendorUnavailable.of(isTimeout(e) ? FailureCategory.TIMEOUT : FailureCategory.CONNECTION, e);
        }
    }

    private static Answer answer(HttpResponse<?> response) {
        String body;
        try {
            body = response.getBody(String.class).orElse(null);
        } catch (RuntimeException e) {
            body = null;
        }
        return new Answer(response.code(), body, response.getHeaders().get(HttpHeaders.RETRY_AFTER));
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Netty's own timeout exceptions are matched by name to keep Netty off the compile path
            if (t instanceof ReadTimeoutException || t instanceof TimeoutException
                    || t instanceof SocketTimeoutException || t.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
