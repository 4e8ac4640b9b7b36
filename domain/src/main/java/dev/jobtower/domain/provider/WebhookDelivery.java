package dev.jobtower.domain.provider;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One webhook request as received: headers (looked up case-insensitively) and the raw body bytes. */
public final class WebhookDelivery {
    private final Map<String, List<String>> headers;
    private final byte[] body;

    public WebhookDelivery(Map<String, List<String>> headers, byte[] body) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        this.headers = copy;
        this.body = body == null ? new byte[0] : body.clone();
    }

    public static WebhookDelivery of(Map<String, String> singleHeaders, byte[] body) {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        singleHeaders.forEach((k, v) -> h.put(k, List.of(v)));
        return new WebhookDelivery(h, body);
    }

    /** The first value of a header, case-insensitively. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    public byte[] body() {
        return body.clone();
    }
}
