package dev.jobtower.domain.job;

import java.time.Instant;

/** One entry of a step's execution history; {@code status} is the vendor's word, verbatim. */
public record StepEvent(Integer index, Instant at, String status, String code, String message) {
}
