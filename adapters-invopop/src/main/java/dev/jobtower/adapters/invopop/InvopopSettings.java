package dev.jobtower.adapters.invopop;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The Invopop adapter's settings, {@code jobtower.invopop.*} ({@code JOBTOWER_INVOPOP_…}): how long a workflow's
 * name is reused ({@code 0s}: read every time) and the {@code limit} of discovery pages (at most 100, Invopop's
 * own cap). ({@code base-url}, {@code read-timeout} and {@code max-response-size} are handed on to
 * {@code micronaut.http.services.invopop} in {@code application.yml}.)
 */
@Context
@ConfigurationProperties("jobtower.invopop")
public record InvopopSettings(@Bindable(defaultValue = "10m") Duration workflowNameTtl,
                              @Bindable(defaultValue = "100") int discoveryPageSize) {
    public InvopopSettings {
        if (workflowNameTtl == null || workflowNameTtl.isNegative()) {
            throw new IllegalArgumentException("jobtower.invopop.workflow-name-ttl (JOBTOWER_INVOPOP_WORKFLOW_NAME_TTL) "
                    + "must be a duration of 0 or more; got " + workflowNameTtl);
        }
        if (discoveryPageSize < 1) {
            throw new IllegalArgumentException("jobtower.invopop.discovery-page-size (JOBTOWER_INVOPOP_DISCOVERY_PAGE_SIZE) "
                    + "must be at least 1; got " + discoveryPageSize);
        }
    }
}
