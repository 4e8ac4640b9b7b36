package dev.jobtower.adapters.finch;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The Finch adapter's settings, {@code jobtower.finch.*} ({@code JOBTOWER_FINCH_…}): the {@code Finch-API-Version}
 * header and the {@code limit} when paging {@code GET /jobs/automated}. ({@code base-url} and {@code read-timeout}
 * are handed on to {@code micronaut.http.services.finch} in {@code application.yml}.)
 */
@Context
@ConfigurationProperties("jobtower.finch")
public record FinchSettings(@Bindable(defaultValue = "2020-09-17") String apiVersion,
                            @Bindable(defaultValue = "100") int discoveryPageSize) {
    public FinchSettings {
        if (apiVersion == null || !apiVersion.strip().matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new IllegalArgumentException("jobtower.finch.api-version (JOBTOWER_FINCH_API_VERSION) must be a date "
                    + "such as 2020-09-17; got " + apiVersion);
        }
        apiVersion = apiVersion.strip();
        if (discoveryPageSize < 1) {
            throw new IllegalArgumentException("jobtower.finch.discovery-page-size (JOBTOWER_FINCH_DISCOVERY_PAGE_SIZE) "
                    + "must be at least 1; got " + discoveryPageSize);
        }
    }
}
