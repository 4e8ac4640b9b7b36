package dev.jobtower.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** API keys: minted random, shown once, stored only as their SHA-256. */
public final class Tokens {
    private Tokens() {
    }

    /** The prefix of every minted API key. */
    public static final String API_KEY_PREFIX = "jt_";

    public static String newApiKey() {
        return API_KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(ServerSecrets.randomBytes(32));
    }

    /**
     * True when a string has the shape of a minted key: {@code jt_} and 43 base64url characters (32
     * random bytes). Anything else is refused without a database look-up (see {@code ApiKeyFilter}).
     */
    public static boolean isMintedApiKeyShape(String key) {
        if (key == null || key.length() != API_KEY_PREFIX.length() + 43 || !key.startsWith(API_KEY_PREFIX)) {
            return false;
        }
        for (int i = API_KEY_PREFIX.length(); i < key.length(); i++) {
            char ch = key.charAt(i);
            boolean base64url = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '_';
            if (!base64url) {
                return false;
            }
        }
        return true;
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares two secrets in constant time. */
    public static boolean same(String given, String expected) {
        if (given == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    public static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = value.substring(7).strip();
            return token.isEmpty() ? null : token;
        }
        return null;
    }
}
