package dev.jobtower.adapters.invopop;

import dev.jobtower.domain.vendor.VendorUrls;
import dev.jobtower.domain.vendor.RetryAfter;
import dev.jobtower.adapters.invopop.wire.InvopopError;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.VendorUnavailable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.ContentLengthExceededException;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The Transform endpoints Jobtower calls, over Micronaut's blocking low-level client, with every failure
 * turned into a {@link ProviderException}: 404 {@link VendorNotFound}; 429 on a read
 * {@code VendorUnavailable(HTTP_429)}, on a create {@link VendorRateLimited}; 5xx {@code HTTP_5XX}; read
 * timeout {@code TIMEOUT}; refused or reset connections {@code CONNECTION}; other 4xx {@link VendorRejected}.
 */
final class InvopopApi {
    static final String JOBS = "/transform/v1/jobs";
    static final String WORKFLOWS = "/transform/v1/workflows";
    private static final int MAX_VENDOR_TEXT = 500;

    /** Whether a call reads (429 is throttling) or creates (429 means nothing was created). */
    enum Kind { READ, CREATE }

    /** A 2xx answer, or a status the caller asked to handle itself. */
    record Answer(int status, byte[] body) {
        boolean hasBody() {
            return body.length > 0 && !new String(body, StandardCharsets.UTF_8).isBlank();
        }
    }

    private final HttpClient client;
    private final JsonMapper json;
    private final Clock clock;
    private final String basePath;

    /** @param basePath a path every request goes below ({@code ""} for none), e.g. a simulator's mount point */
    InvopopApi(HttpClient client, JsonMapper json, Clock clock, String basePath) {
        this.client = client;
        this.json = json;
        this.clock = clock;
        this.basePath = basePath;
    }

    byte[] job(String token, String id) {
        return get(token, JOBS + "/" + VendorUrls.encode(id), id);
    }

    byte[] jobByKey(String token, String key) {
        return get(token, JOBS + "/key/" + VendorUrls.encode(key), "key " + key);
    }

    byte[] jobs(String token, int limit, String cursor) {
        StringBuilder uri = new StringBuilder(JOBS).append("?limit=").append(limit);
        if (cursor != null) {
            uri.append("&cursor=").append(VendorUrls.encode(cursor));
        }
        return get(token, uri.toString(), "job list");
    }

    byte[] workflow(String token, String id) {
        return get(token, WORKFLOWS + "/" + VendorUrls.encode(id), "workflow " + id);
    }

    /** {@code PUT /transform/v1/jobs/{id}}: answers 2xx and 409 (the caller reads the existing job). */
    Answer putJob(String token, String id, byte[] body) {
        MutableHttpRequest<byte[]> request = HttpRequest.PUT(basePath + JOBS + "/" + VendorUrls.encode(id), body)
                .contentType(MediaType.APPLICATION_JSON_TYPE);
        return exchange(token, request, id, Kind.CREATE, 409);
    }

    private byte[] get(String token, String uri, String subject) {
        return exchange(token, HttpRequest.GET(basePath + uri), subject, Kind.READ, -1).body();
    }

    private Answer exchange(String token, MutableHttpRequest<?> request, String subject, Kind kind, int passThrough) {
        request.bearerAuth(token).accept(MediaType.APPLICATION_JSON_TYPE);
        try {
            HttpResponse<byte[]> response = client.toBlocking()
                    .exchange(request, Argument.of(byte[].class), Argument.of(byte[].class));
            int status = response.code();
            byte[] body = response.getBody().orElse(new byte[0]);
            if (status >= 200 && status < 300 || status == passThrough) {
                return new Answer(status, body);
            }
            throw failure(status, response, body, subject, kind);
        } catch (HttpClientResponseException e) {
            HttpResponse<?> response = e.getResponse();
            byte[] body = response.getBody(byte[].class).orElse(new byte[0]);
            if (e.code() == passThrough) {
                return new Answer(e.code(), body);
            }
            throw failure(e.code(), response, body, subject, kind);
        } catch (ReadTimeoutException e) {
            throw VendorUnavailable.of(FailureCategory.TIMEOUT, e);
        } catch (ContentLengthExceededException e) {
            throw VendorUnavailable.of(FailureCategory.MALFORMED, e);
        } catch (HttpClientException e) {
            throw VendorUnavailable.of(FailureCategory.CONNECTION, e);
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            // anything else from the transport (closed channels, resets surfacing as Netty exceptions)
            throw VendorUnavailable.of(FailureCategory.CONNECTION, e);
        }
    }

    private ProviderException failure(int status, HttpResponse<?> response, byte[] body, String subject, Kind kind) {
        Instant retryAfter = RetryAfter.parse(response.getHeaders().get("Retry-After"), clock.instant());
        if (status == 404) {
            return new VendorNotFound(subject);
        }
        if (status == 429) {
            return kind == Kind.CREATE ? new VendorRateLimited(retryAfter, null)
                    : new VendorUnavailable(FailureCategory.HTTP_429, 429, true, retryAfter, null);
        }
        if (status >= 500) {
            return new VendorUnavailable(FailureCategory.HTTP_5XX, status, true, retryAfter, null);
        }
        InvopopError error = error(body);
        return new VendorRejected(status, error.code(), error.message());
    }

    /** The vendor's code and message from an error body, leniently: {@code {code, message}}, else problem+json's {@code title}/{@code detail}. */
    InvopopError error(byte[] body) {
        if (body == null || body.length == 0) {
            return new InvopopError(null, null);
        }
        try {
            JsonNode node = json.readValue(body, JsonNode.class);
            if (node == null || !node.isObject()) {
                return new InvopopError(null, null);
            }
            String code = text(node.get("code"));
            String message = text(node.get("message"));
            if (message == null) {
                message = text(node.get("detail"));
            }
            if (message == null) {
                message = text(node.get("title"));
            }
            return new InvopopError(code, message);
        } catch (IOException | RuntimeException e) {
            return new InvopopError(null, null);
        }
    }

    private static String text(JsonNode node) {
        if (node == null || !(node.isString() || node.isNumber())) {
            return null;
        }
        String s = node.coerceStringValue();
        if (s == null || s.isBlank()) {
            return null;
        }
        return s.length() > MAX_VENDOR_TEXT ? s.substring(0, MAX_VENDOR_TEXT) : s;
    }
}
