package dev.jobtower.adapters.invopop;

import dev.jobtower.adapters.invopop.wire.CreateTransformJob;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.InvalidJobRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Our own checks on an Invopop enqueue request, made before any vendor call, and its translation into the
 * create-job body. {@code type} is the workflow id; {@code params} takes {@code siloEntryId} and/or
 * {@code args} (at least one), {@code key} and {@code tags}, and nothing else.
 */
final class InvopopEnqueueRequests {
    static final String SILO_ENTRY_ID = "siloEntryId";
    static final String ARGS = "args";
    static final String KEY = "key";
    static final String TAGS = "tags";
    static final Set<String> PARAMETERS = Set.of(SILO_ENTRY_ID, ARGS, KEY, TAGS);
    static final int MAX_KEY_LENGTH = 255;
    static final int MAX_SILO_ENTRY_ID_LENGTH = 255;

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private InvopopEnqueueRequests() {
    }

    /** @throws InvalidJobRequest naming the first field at fault, in API terms */
    static void validate(EnqueueRequest request) {
        String type = request.type();
        if (type == null || type.isBlank()) {
            throw new InvalidJobRequest("type", "is required: the id of the Invopop workflow to run");
        }
        if (!isUuid(type)) {
            throw new InvalidJobRequest("type", "must be the id of an Invopop workflow (a UUID)");
        }
        Map<String, Object> params = request.params();
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new InvalidJobRequest("params." + name,
                        "is not a parameter of Invopop jobs (siloEntryId, args, key, tags)");
            }
        }
        Object siloEntryId = params.get(SILO_ENTRY_ID);
        if (siloEntryId != null && (!(siloEntryId instanceof String s) || s.isBlank()
                || s.length() > MAX_SILO_ENTRY_ID_LENGTH)) {
            throw new InvalidJobRequest("params.siloEntryId", "must be the id of a silo entry (a non-blank string)");
        }
        Object args = params.get(ARGS);
        if (args != null && !isMapOfStrings(args)) {
            throw new InvalidJobRequest("params.args", "must be an object whose values are strings");
        }
        if (siloEntryId == null && args == null) {
            throw new InvalidJobRequest("params.siloEntryId", "params.siloEntryId or params.args is required");
        }
        Object key = params.get(KEY);
        if (key != null && (!(key instanceof String k) || k.isBlank() || k.length() > MAX_KEY_LENGTH)) {
            throw new InvalidJobRequest("params.key", "must be a non-blank string of at most " + MAX_KEY_LENGTH
                    + " characters");
        }
        Object tags = params.get(TAGS);
        if (tags != null && !(tags instanceof List<?> list && list.stream().allMatch(t -> t instanceof String))) {
            throw new InvalidJobRequest("params.tags", "must be a list of strings");
        }
    }

    /** The create-job body for a request that passed {@link #validate}. */
    @SuppressWarnings("unchecked")
    static CreateTransformJob toWire(EnqueueRequest request) {
        Map<String, Object> params = request.params();
        Map<String, String> args = null;
        if (params.get(ARGS) instanceof Map<?, ?> m) {
            args = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                args.put(String.valueOf(e.getKey()), (String) e.getValue());
            }
        }
        List<String> tags = params.get(TAGS) instanceof List<?> l ? (List<String>) l : null;
        return new CreateTransformJob(request.type(), (String) params.get(SILO_ENTRY_ID), args,
                (String) params.get(KEY), tags, null);
    }

    /** The key the caller gave, or {@code null}. */
    static String key(EnqueueRequest request) {
        return request.params().get(KEY) instanceof String k ? k : null;
    }

    static boolean isUuid(String text) {
        return text != null && UUID_TEXT.matcher(text).matches();
    }

    private static boolean isMapOfStrings(Object value) {
        return value instanceof Map<?, ?> map
                && map.values().stream().allMatch(v -> v instanceof String);
    }
}
