package dev.jobtower.domain.query;

import java.util.Arrays;
import java.util.Optional;

/** A dimension job counts can be grouped by. */
public enum GroupKey {
    PROVIDER("provider"), STATUS("status"), STATUS_REASON("statusReason"), TYPE("type"), CONNECTION_ID("connectionId");

    private final String wireName;

    GroupKey(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<GroupKey> fromWireName(String name) {
        return Arrays.stream(values()).filter(g -> g.wireName.equals(name)).findFirst();
    }
}
