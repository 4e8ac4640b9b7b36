package dev.jobtower.adapters.finch;

import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.UnifiedStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** REFERENCE.md 5.1, one row per Finch word. */
class FinchStatusMappingTest {

    @ParameterizedTest(name = "automated {0} -> {1} {2}")
    @CsvSource(nullValues = "-", value = {
            "pending,           QUEUED,    -",
            "in_progress,       RUNNING,   -",
            "complete,          SUCCEEDED, -",
            "error,             FAILED,    VENDOR_ERROR",
            "reauth_error,      FAILED,    AUTH_ERROR",
            "permissions_error, FAILED,    PERMISSION_ERROR",
            "cancelled,         UNKNOWN,   -",
            "SOMETHING_NEW,     UNKNOWN,   -",
            "-,                 UNKNOWN,   -",
    })
    void automated(String word, JobStatus status, StatusReason reason) {
        assertEquals(UnifiedStatus.of(status, reason), FinchStatusMapping.automated(word));
    }

    @ParameterizedTest(name = "manual {0} -> {1} {2}")
    @CsvSource(nullValues = "-", value = {
            "pending,           QUEUED,    -",
            "in_progress,       RUNNING,   -",
            "complete,          SUCCEEDED, -",
            "error,             FAILED,    VENDOR_ERROR",
            "reauth_error,      UNKNOWN,   -",
            "permissions_error, UNKNOWN,   -",
            "SOMETHING_NEW,     UNKNOWN,   -",
            "-,                 UNKNOWN,   -",
    })
    void manual_without_items(String word, JobStatus status, StatusReason reason) {
        assertEquals(UnifiedStatus.of(status, reason), FinchStatusMapping.manual(word, null));
        assertEquals(UnifiedStatus.of(status, reason), FinchStatusMapping.manual(word, List.of()));
    }

    @ParameterizedTest(name = "manual complete with item codes {0} -> SUCCEEDED {1}")
    @CsvSource(nullValues = "-", value = {
            "200 201,     -",
            "399,         -",
            "200 400,     PARTIAL",
            "201 404,     PARTIAL",
            "500,         PARTIAL",
    })
    void manual_complete_is_partial_when_an_item_failed(String codes, StatusReason reason) {
        List<Object> body = Arrays.stream(codes.split(" "))
                .map(c -> (Object) Map.of("code", Integer.parseInt(c), "message", "m")).toList();
        assertEquals(UnifiedStatus.of(JobStatus.SUCCEEDED, reason), FinchStatusMapping.manual("complete", body));
    }

    @Test
    void failed_items_do_not_change_other_manual_words() {
        List<Object> failed = List.of(Map.of("code", 404));
        assertEquals(UnifiedStatus.of(JobStatus.RUNNING), FinchStatusMapping.manual("in_progress", failed));
        assertEquals(UnifiedStatus.of(JobStatus.FAILED, StatusReason.VENDOR_ERROR), FinchStatusMapping.manual("error", failed));
    }

    @Test
    void items_of_odd_shapes_are_read_leniently() {
        List<Object> odd = Arrays.asList(null, "text", 42, Map.of("message", "no code"), Map.of("code", "x"));
        assertEquals(UnifiedStatus.of(JobStatus.SUCCEEDED), FinchStatusMapping.manual("complete", odd));
        assertEquals(UnifiedStatus.of(JobStatus.SUCCEEDED, StatusReason.PARTIAL),
                FinchStatusMapping.manual("complete", List.of(Map.of("code", "502"))));
        assertEquals(UnifiedStatus.of(JobStatus.SUCCEEDED, StatusReason.PARTIAL),
                FinchStatusMapping.manual("complete", List.of(Map.of("code", 404.0))));
    }

    @Test
    void words_are_matched_regardless_of_case_and_surrounding_space() {
        assertEquals(UnifiedStatus.of(JobStatus.RUNNING), FinchStatusMapping.automated(" In_Progress "));
    }
}
