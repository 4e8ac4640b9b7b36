package dev.jobtower.domain.vendor;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The pieces of a vendor request's URL that every adapter builds alike. */
public final class VendorUrls {
    private VendorUrls() {
    }

    /**
     * The path of a configured base URL, without a trailing slash. Micronaut's low-level client sends a request
     * path to the URL's host and port only (it applies {@code micronaut.http.services.<id>.path}, not the URL's
     * own path), so a base URL such as {@code http://host/_demo/finch} needs its path put in front of each
     * request by the adapter; {@code ""} when the URL has no path or the service has a {@code path} of its own.
     */
    public static String basePathOf(String baseUrl, String configuredPath) {
        if (configuredPath != null && !configuredPath.isBlank() || baseUrl == null || baseUrl.isBlank()) {
            return "";
        }
        try {
            String path = URI.create(baseUrl.strip()).getRawPath();
            return path == null ? "" : path.replaceAll("/+$", "");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * A path segment or query value, percent-encoded as RFC 3986 says (only unreserved characters stay as they
     * are): vendor ids are user input on track, so {@code ../x} or {@code a?b} must stay one segment.
     */
    public static String encode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.write(c);
            } else {
                out.write('%');
                out.write(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
                out.write(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
