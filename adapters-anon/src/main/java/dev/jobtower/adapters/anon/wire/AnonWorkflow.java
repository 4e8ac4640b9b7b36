package dev.jobtower.adapters.anon.wire;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** A workflow definition ({@code GET /api/v2/workflows/{id}}, assumed); {@code type} is {@code LOGIN} or {@code USER_DEFINED}. */
@Serdeable
public record AnonWorkflow(
        @Nullable String id,
        @Nullable String name,
        @Nullable String type,
        @Nullable String sourceProvider) {

    /** The workflow type whose failure means the end user's credentials or MFA did not work. */
    public static final String LOGIN = "LOGIN";
}
