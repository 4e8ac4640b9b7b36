package dev.jobtower.domain.job;

import java.util.List;

/** An error the vendor collected while running a job. */
public record Fault(String provider, String code, String message, List<String> paths) {
    public Fault {
        paths = paths == null ? List.of() : List.copyOf(paths);
    }
}
