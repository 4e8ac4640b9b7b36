package dev.jobtower.domain.webhook;

import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookRejected;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;

/**
 * The timestamped HMAC-SHA256 webhook scheme that Svix made common and that Finch and anon both use:
 * signed content {@code id.timestamp.body}, signatures {@code v1,<base64>} separated by spaces, a
 * timestamp tolerance of five minutes. Each adapter supplies its header names and how its secret
 * decodes into the key.
 */
public final class TimestampedHmacVerifier {
    /** How far a timestamp may be from now, either way. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /** Plain base64 secrets (Finch). */
    public static final Function<String, byte[]> BASE64_SECRET = TimestampedHmacVerifier::decodeBase64;

    /** {@code whsec_}-prefixed base64 secrets (Svix, hence anon). */
    public static final Function<String, byte[]> WHSEC_SECRET = secret -> {
        if (!secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("secret must start with whsec_");
        }
        return decodeBase64(secret.substring("whsec_".length()));
    };

    private final String idHeader;
    private final String timestampHeader;
    private final String signatureHeader;
    private final Function<String, byte[]> secretDecoder;
    private final Duration tolerance;

    public TimestampedHmacVerifier(String idHeader, String timestampHeader, String signatureHeader,
                                   Function<String, byte[]> secretDecoder) {
        this(idHeader, timestampHeader, signatureHeader, secretDecoder, DEFAULT_TOLERANCE);
    }

    public TimestampedHmacVerifier(String idHeader, String timestampHeader, String signatureHeader,
                                   Function<String, byte[]> secretDecoder, Duration tolerance) {
        this.idHeader = Objects.requireNonNull(idHeader);
        this.timestampHeader = Objects.requireNonNull(timestampHeader);
        this.signatureHeader = Objects.requireNonNull(signatureHeader);
        this.secretDecoder = Objects.requireNonNull(secretDecoder);
        this.tolerance = Objects.requireNonNull(tolerance);
    }

    /** True when the secret decodes into a usable key (for checking a secret when it is configured). */
    public boolean isWellFormedSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            return false;
        }
        try {
            return secretDecoder.apply(secret.strip()).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Verifies a delivery and returns its event id.
     *
     * @throws WebhookRejected naming what was wrong (never the secret or the expected signature)
     */
    public String verify(WebhookDelivery delivery, String secret, Instant now) {
        if (secret == null || secret.isBlank()) {
            throw new WebhookRejected("no webhook secret is configured for this connection");
        }
        String id = delivery.header(idHeader).map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new WebhookRejected("missing " + idHeader + " header"));
        String timestamp = delivery.header(timestampHeader).map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new WebhookRejected("missing " + timestampHeader + " header"));
        String signatures = delivery.header(signatureHeader).map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new WebhookRejected("missing " + signatureHeader + " header"));
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new WebhookRejected(timestampHeader + " is not a number of seconds");
        }
        // Compared in seconds: a timestamp beyond Instant's range (99999999999999999) is just "off", not an error
        long nowSeconds = now.getEpochSecond();
        long toleranceSeconds = tolerance.toSeconds();
        if (seconds < nowSeconds - toleranceSeconds || seconds > nowSeconds + toleranceSeconds) {
            throw new WebhookRejected(timestampHeader + " is more than " + tolerance.toMinutes() + " minutes off");
        }
        byte[] key;
        try {
            key = secretDecoder.apply(secret.strip());
        } catch (IllegalArgumentException e) {
            throw new WebhookRejected("the connection's webhook secret is malformed");
        }
        byte[] expected = hmac(key, id, timestamp, delivery.body());
        for (String entry : signatures.split(" ")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !"v1".equals(entry.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return id;
            }
        }
        throw new WebhookRejected(signatureHeader + " does not match");
    }

    /**
     * Refuses, without a secret, a delivery that cannot pass {@link #verify}: a header missing, a
     * timestamp that is not 1 to 12 digits, or no {@code v1,<base64>} signature entry.
     *
     * @throws WebhookRejected naming what is wrong
     */
    public void screen(WebhookDelivery delivery) {
        for (String name : new String[]{idHeader, timestampHeader, signatureHeader}) {
            if (delivery.header(name).map(String::strip).filter(s -> !s.isEmpty()).isEmpty()) {
                throw new WebhookRejected("missing " + name + " header");
            }
        }
        String timestamp = delivery.header(timestampHeader).orElseThrow().strip();
        if (timestamp.length() > 12 || !timestamp.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new WebhookRejected(timestampHeader + " is not a number of seconds");
        }
        for (String entry : delivery.header(signatureHeader).orElseThrow().strip().split(" ")) {
            if (entry.startsWith("v1,") && entry.length() > 3) {
                try {
                    Base64.getDecoder().decode(entry.substring(3));
                    return;
                } catch (IllegalArgumentException e) {
                    // not this entry
                }
            }
        }
        throw new WebhookRejected(signatureHeader + " has no v1 signature");
    }

    /** The {@code v1,<base64>} signature a sender computes: for simulators and tests. */
    public String sign(String id, long timestampSeconds, byte[] body, String secret) {
        return "v1," + Base64.getEncoder().encodeToString(
                hmac(secretDecoder.apply(secret.strip()), id, Long.toString(timestampSeconds), body));
    }

    /**
     * One {@link Mac} per thread, keyed again for each delivery: {@code Mac.getInstance} looks the algorithm up
     * among the security providers each time (issue 19: about half of a delivery's HMAC cost at intake).
     */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    });

    private static byte[] hmac(byte[] key, String id, String timestamp, byte[] body) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256")); // init resets whatever an earlier use left
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] decodeBase64(String text) {
        return Base64.getDecoder().decode(text);
    }
}
