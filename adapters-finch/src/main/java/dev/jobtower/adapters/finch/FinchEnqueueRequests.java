package dev.jobtower.adapters.finch;

import dev.jobtower.adapters.finch.wire.AutomatedCreateRequest;
import dev.jobtower.adapters.finch.wire.AutomatedJobParams;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.InvalidJobRequest;

import java.util.Map;
import java.util.Set;

/** Our checks on a Finch enqueue request, and its translation into Finch's body. */
final class FinchEnqueueRequests {
    static final String DATA_SYNC_ALL = "data_sync_all";
    static final String W4_FORM_EMPLOYEE_SYNC = "w4_form_employee_sync";
    private static final String INDIVIDUAL_ID = FinchJobMapper.INDIVIDUAL_ID;

    /** The parameters each type takes, in our names. */
    private static final Map<String, Set<String>> PARAMETERS = Map.of(
            DATA_SYNC_ALL, Set.of(),
            W4_FORM_EMPLOYEE_SYNC, Set.of(INDIVIDUAL_ID));

    private FinchEnqueueRequests() {
    }

    /** @throws InvalidJobRequest naming the request field at fault */
    static void validate(EnqueueRequest request) {
        if (request == null) {
            throw new InvalidJobRequest("type", "is required");
        }
        String type = request.type();
        if (type == null || type.isBlank()) {
            throw new InvalidJobRequest("type", "is required");
        }
        Set<String> allowed = PARAMETERS.get(type);
        if (allowed == null) {
            throw new InvalidJobRequest("type", "must be one of " + DATA_SYNC_ALL + ", " + W4_FORM_EMPLOYEE_SYNC);
        }
        for (String name : request.params().keySet()) {
            if (!allowed.contains(name)) {
                throw new InvalidJobRequest("params." + name, "is not a parameter of " + type);
            }
        }
        if (W4_FORM_EMPLOYEE_SYNC.equals(type)) {
            Object individualId = request.params().get(INDIVIDUAL_ID);
            if (individualId == null) {
                throw new InvalidJobRequest("params." + INDIVIDUAL_ID, "is required for " + W4_FORM_EMPLOYEE_SYNC);
            }
            if (!(individualId instanceof String s) || s.isBlank()) {
                throw new InvalidJobRequest("params." + INDIVIDUAL_ID, "must be a non-empty string");
            }
        }
    }

    /** Finch's body for a validated request. */
    static AutomatedCreateRequest toWire(EnqueueRequest request) {
        if (W4_FORM_EMPLOYEE_SYNC.equals(request.type())) {
            String individualId = ((String) request.params().get(INDIVIDUAL_ID)).strip();
            return new AutomatedCreateRequest(request.type(), new AutomatedJobParams(individualId));
        }
        return new AutomatedCreateRequest(request.type(), null);
    }
}
