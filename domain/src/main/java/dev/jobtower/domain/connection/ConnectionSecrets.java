package dev.jobtower.domain.connection;

/**
 * The write-only secrets of a connection: the vendor token and the optional webhook secret.
 * {@link #toString()} never prints them.
 */
public record ConnectionSecrets(String token, String webhookSecret) {
    public ConnectionSecrets {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("credentials.token must not be blank");
        }
    }

    public ConnectionSecrets withToken(String newToken) {
        return new ConnectionSecrets(newToken, webhookSecret);
    }

    public ConnectionSecrets withWebhookSecret(String newSecret) {
        return new ConnectionSecrets(token, newSecret);
    }

    @Override
    public String toString() {
        return "ConnectionSecrets[token=***, webhookSecret=" + (webhookSecret == null ? "none" : "***") + "]";
    }
}
