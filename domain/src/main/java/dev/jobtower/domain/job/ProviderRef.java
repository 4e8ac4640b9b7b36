package dev.jobtower.domain.job;

import java.util.Objects;

/** A job as its vendor names it: the provider and the vendor's own id, kept verbatim. */
public record ProviderRef(Provider provider, String externalId) {
    public static final int MAX_EXTERNAL_ID_LENGTH = 255;

    public ProviderRef {
        Objects.requireNonNull(provider, "provider");
        externalId = requireExternalId(externalId);
    }

    /** Validates a vendor job id: non-blank, at most 255 characters, no control characters. */
    public static String requireExternalId(String externalId) {
        if (externalId == null || externalId.isBlank()) {
            throw new IllegalArgumentException("externalId must not be blank");
        }
        if (externalId.length() > MAX_EXTERNAL_ID_LENGTH) {
            throw new IllegalArgumentException("externalId must be at most " + MAX_EXTERNAL_ID_LENGTH + " characters");
        }
        if (externalId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("externalId must not contain control characters");
        }
        return externalId;
    }
}
