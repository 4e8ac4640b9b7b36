package dev.jobtower.adapters.finch;

import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.UnifiedStatus;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finch's job status words in the unified vocabulary (REFERENCE.md 5.1). Neither job kind can be
 * cancelled; an unknown or missing word is {@code UNKNOWN}. Finch adds words without notice.
 */
public final class FinchStatusMapping {
    private static final Map<String, UnifiedStatus> AUTOMATED = Map.of(
            "pending", UnifiedStatus.of(JobStatus.QUEUED),
            "in_progress", UnifiedStatus.of(JobStatus.RUNNING),
            "complete", UnifiedStatus.of(JobStatus.SUCCEEDED),
            "error", UnifiedStatus.of(JobStatus.FAILED, StatusReason.VENDOR_ERROR),
            "reauth_error", UnifiedStatus.of(JobStatus.FAILED, StatusReason.AUTH_ERROR),
            "permissions_error", UnifiedStatus.of(JobStatus.FAILED, StatusReason.PERMISSION_ERROR));

    private static final Map<String, UnifiedStatus> MANUAL = Map.of(
            "pending", UnifiedStatus.of(JobStatus.QUEUED),
            "in_progress", UnifiedStatus.of(JobStatus.RUNNING),
            "complete", UnifiedStatus.of(JobStatus.SUCCEEDED),
            "error", UnifiedStatus.of(JobStatus.FAILED, StatusReason.VENDOR_ERROR));

    /** Per-item codes from here on are failed items (the codes are HTTP-like: 200, 201, 404). */
    private static final int FIRST_FAILED_ITEM_CODE = 400;

    private FinchStatusMapping() {
    }

    /** The unified status of an automated job's {@code status}. */
    public static UnifiedStatus automated(String status) {
        return lookup(AUTOMATED, status);
    }

    /**
     * The unified status of a manual job: its {@code status}, and for a {@code complete} job whose
     * {@code body} holds an item with {@code code >= 400}, {@code SUCCEEDED} with reason {@code PARTIAL}.
     */
    public static UnifiedStatus manual(String status, List<?> body) {
        UnifiedStatus unified = lookup(MANUAL, status);
        if (unified.status() == JobStatus.SUCCEEDED && hasFailedItem(body)) {
            return UnifiedStatus.of(JobStatus.SUCCEEDED, StatusReason.PARTIAL);
        }
        return unified;
    }

    private static UnifiedStatus lookup(Map<String, UnifiedStatus> table, String status) {
        if (status == null) {
            return UnifiedStatus.unknown();
        }
        UnifiedStatus unified = table.get(status.strip().toLowerCase(Locale.ROOT));
        return unified != null ? unified : UnifiedStatus.unknown();
    }

    private static boolean hasFailedItem(List<?> body) {
        if (body == null) {
            return false;
        }
        for (Object item : body) {
            if (item instanceof Map<?, ?> map) {
                Integer code = itemCode(map.get("code"));
                if (code != null && code >= FIRST_FAILED_ITEM_CODE) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Integer itemCode(Object code) {
        if (code instanceof Number n) {
            return n.intValue();
        }
        if (code instanceof String s) {
            try {
                return Integer.valueOf(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
