package dev.jobtower.adapters.anon;

import dev.jobtower.domain.vendor.RetryAfter;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.VendorUnavailable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.codec.CodecException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The HTTP calls to anon and the translation of every way they can fail into the port's exceptions.
 * Answers come back as JSON trees, so that the run's own JSON can be kept for {@code /raw}.
 */
final class AnonApi {
    private static final Logger LOG = LoggerFactory.getLogger(AnonApi.class);
    private static final int MAX_VENDOR_MESSAGE = 500;

    private final BlockingHttpClient client;
    private final JsonMapper json;
    private final Clock clock;
    private final String basePath;

    /** @param basePath a path every request goes below ({@code ""} for none): the path of the configured base URL */
    AnonApi(BlockingHttpClient client, JsonMapper json, Clock clock, String basePath) {
        this.client = client;
        this.json = json;
        this.clock = clock;
        this.basePath = basePath;
    }

    /** An answer to a {@code POST}: its status, its body when it is JSON, its {@code Location}. */
    record Posted(int status, JsonNode body, String location) {
    }

    /** Reads a resource; empty when anon answers 404. */
    Optional<JsonNode> get(ProviderAccount account, String uri) {
        MutableHttpRequest<Object> request = HttpRequest.GET(basePath + uri);
        HttpResponse<byte[]> response;
        try {
            response = exchange(account, request);
        } catch (HttpClientResponseException e) {
            if (e.getStatus().getCode() == 404) {
                return Optional.empty();
            }
            throw failure(e, true, null);
        }
        JsonNode body = parse(response.getBody().orElse(null), response.getStatus().getCode());
        if (body == null) {
            LOG.warn("anon answered GET with HTTP {} and no JSON body", response.getStatus().getCode());
            throw VendorUnavailable.of(FailureCategory.MALFORMED, response.getStatus().getCode());
        }
        return Optional.of(body);
    }

    /**
     * Sends a {@code POST} with a JSON body. A 404 is {@link VendorNotFound} for {@code subjectId}, a 429
     * is {@link VendorRateLimited} (nothing was created).
     */
    Posted post(ProviderAccount account, String uri, Object body, String subjectId) {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an anon request body", e);
        }
        MutableHttpRequest<Object> request = HttpRequest.POST(basePath + uri, (Object) payload)
                .contentType(MediaType.APPLICATION_JSON_TYPE);
        HttpResponse<byte[]> response;
        try {
            response = exchange(account, request);
        } catch (HttpClientResponseException e) {
            throw failure(e, false, subjectId);
        }
        int status = response.getStatus().getCode();
        JsonNode tree;
        try {
            tree = parse(response.getBody().orElse(null), status);
        } catch (VendorUnavailable e) {
            tree = null; // the caller decides whether an id can still be found
        }
        return new Posted(status, tree, response.getHeaders().get(HttpHeaders.LOCATION));
    }

    private HttpResponse<byte[]> exchange(ProviderAccount account, MutableHttpRequest<Object> request) {
        request.bearerAuth(account.token()).accept(MediaType.APPLICATION_JSON_TYPE);
        HttpResponse<byte[]> response;
        try {
            response = client.exchange(request, Argument.of(byte[].class), Argument.of(byte[].class));
        } catch (HttpClientResponseException e) {
            if (e.getStatus().getCode() < 300) {
                // a 2xx whose body the client could not read
                throw new VendorUnavailable(FailureCategory.MALFORMED, e.getStatus().getCode(), true, null, e);
            }
            throw e;
        } catch (ReadTimeoutException e) {
            LOG.debug("anon {} timed out", request.getMethodName());
            throw VendorUnavailable.of(FailureCategory.TIMEOUT, e);
        } catch (HttpClientException e) {
            FailureCategory category = causedBy(e, SocketTimeoutException.class)
                    || causedBy(e, io.netty.handler.timeout.ReadTimeoutException.class)
                    ? FailureCategory.TIMEOUT : FailureCategory.CONNECTION;
            LOG.debug("anon {} failed: {}", request.getMethodName(), category);
            throw VendorUnavailable.of(category, e);
        } catch (CodecException e) {
            throw VendorUnavailable.of(FailureCategory.MALFORMED, e);
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.debug("anon {} failed in the HTTP client: {}", request.getMethodName(), e.getClass().getName());
            throw VendorUnavailable.of(FailureCategory.CONNECTION, e);
        }
        int status = response.getStatus().getCode();
        if (status < 200 || status >= 300) {
            // neither success nor an error the client raised (an unfollowed redirect, say)
            throw VendorUnavailable.of(FailureCategory.MALFORMED, status);
        }
        return response;
    }

    private ProviderException failure(HttpClientResponseException e, boolean read, String subjectId) {
        int status = e.getStatus().getCode();
        Instant retryAfter = RetryAfter.parse(e.getResponse().getHeaders().get(HttpHeaders.RETRY_AFTER), clock.instant());
        LOG.debug("anon answered HTTP {}", status);
        if (status == 404) {
            return new VendorNotFound(subjectId == null ? "(unknown)" : subjectId);
        }
        if (status == 429) {
            return read
                    ? new VendorUnavailable(FailureCategory.HTTP_429, 429, true, retryAfter, null)
                    : new VendorRateLimited(retryAfter, null);
        }
        if (status >= 500) {
            return new VendorUnavailable(FailureCategory.HTTP_5XX, status, true, retryAfter, null);
        }
        JsonNode body = null;
        try {
            body = parse(e.getResponse().getBody(byte[].class).orElse(null), status);
        } catch (RuntimeException ignored) {
            // an error body that is not JSON carries no code or message we can pass on
        }
        return new VendorRejected(status, errorCode(body), errorMessage(body));
    }

    /** The body as a JSON tree; {@code null} when there is none; {@link VendorUnavailable} MALFORMED when unreadable. */
    private JsonNode parse(byte[] body, int status) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new VendorUnavailable(FailureCategory.MALFORMED, status, true, null, e);
        }
    }

    // anon's error body is not documented: take the usual names, never the whole body
    private static String errorCode(JsonNode body) {
        if (body == null || !body.isObject()) {
            return null;
        }
        String code = text(body.get("code"));
        if (code == null && body.get("error") != null && body.get("error").isObject()) {
            code = text(body.get("error").get("code"));
        }
        if (code == null) {
            code = text(body.get("error"));
        }
        return code == null ? text(body.get("name")) : code;
    }

    private static String errorMessage(JsonNode body) {
        if (body == null || !body.isObject()) {
            return null;
        }
        String message = text(body.get("message"));
        if (message == null && body.get("error") != null && body.get("error").isObject()) {
            message = text(body.get("error").get("message"));
        }
        if (message == null) {
            message = text(body.get("detail"));
        }
        if (message == null) {
            message = text(body.get("error_description"));
        }
        return message == null || message.length() <= MAX_VENDOR_MESSAGE ? message : message.substring(0, MAX_VENDOR_MESSAGE);
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String s = node.coerceStringValue();
        return s == null || s.isBlank() ? null : s;
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
