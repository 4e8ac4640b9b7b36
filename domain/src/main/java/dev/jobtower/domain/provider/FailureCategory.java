package dev.jobtower.domain.provider;

/** Why a vendor call failed, as a category: never the vendor's own text. */
public enum FailureCategory {
    TIMEOUT, CONNECTION, HTTP_5XX, HTTP_429, MALFORMED
}
