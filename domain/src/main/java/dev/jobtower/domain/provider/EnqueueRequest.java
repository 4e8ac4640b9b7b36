package dev.jobtower.domain.provider;

import dev.jobtower.domain.job.JsonValues;

import java.util.Map;

/** A request to start a new job at a vendor, in Jobtower's (camelCase) vocabulary. */
public record EnqueueRequest(String type, Map<String, Object> params) {
    public EnqueueRequest {
        params = JsonValues.copyOf(params);
    }
}
