package dev.jobtower.domain.job;

import java.util.Locale;

/** What made Jobtower read a copy of a job. */
public enum Source {
    CREATE, TRACK, DISCOVER, POLL, WEBHOOK, REFRESH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
