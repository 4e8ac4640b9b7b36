package dev.jobtower.app.notifications;

import dev.jobtower.app.security.ServerSecrets;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Standard Webhooks signing: secrets are {@code whsec_} + base64 of 32 random bytes; a signature is
 * {@code v1,} + base64 HMAC-SHA256 of {@code id.timestamp.body} under the decoded secret, several
 * separated by spaces (after a rotation, the new and the old one).
 */
public final class WebhookSignature {
    static final String PREFIX = "whsec_";

    private WebhookSignature() {
    }

    public static String newSecret() {
        return PREFIX + Base64.getEncoder().encodeToString(ServerSecrets.randomBytes(32));
    }

    /** The {@code webhook-signature} header value: one {@code v1,…} per secret, in order. */
    public static String header(List<String> secrets, String messageId, long timestamp, String body) {
        return secrets.stream().map(s -> "v1," + sign(s, messageId, timestamp, body)).collect(Collectors.joining(" "));
    }

    static String sign(String secret, String messageId, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
            byte[] digest = mac.doFinal((messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("webhook signing failed", e);
        }
    }
}
