package dev.jobtower.domain.job;

import java.util.Arrays;
import java.util.Optional;

/** Why a job is in its status, where the vendor tells us more than the status itself. */
public enum StatusReason {
    AUTH_ERROR, PERMISSION_ERROR, VENDOR_ERROR, USER_INPUT_REQUIRED, EXTERNAL_PENDING, RETRYING, PARTIAL, NO_OP;

    public static Optional<StatusReason> parse(String word) {
        return Arrays.stream(values()).filter(s -> s.name().equals(word)).findFirst();
    }
}
