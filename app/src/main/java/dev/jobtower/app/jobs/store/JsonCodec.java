package dev.jobtower.app.jobs.store;

import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.job.Attachment;
import dev.jobtower.domain.job.Fault;
import dev.jobtower.domain.job.Step;
import dev.jobtower.domain.job.StepEvent;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.SerdeImport;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** JSON for the JSONB columns: the domain's nested records, maps and lists, in the API's field names. */
@Singleton
@SerdeImport(Step.class)
@SerdeImport(StepEvent.class)
@SerdeImport(Attachment.class)
@SerdeImport(Fault.class)
@SerdeImport(Quota.class)
public class JsonCodec {
    static final Argument<List<Step>> STEPS = Argument.listOf(Step.class);
    static final Argument<List<Attachment>> ATTACHMENTS = Argument.listOf(Attachment.class);
    static final Argument<List<Fault>> FAULTS = Argument.listOf(Fault.class);
    static final Argument<List<String>> STRINGS = Argument.listOf(String.class);
    static final Argument<Map<String, Object>> MAP = Argument.mapOf(String.class, Object.class);

    private final JsonMapper mapper;

    public JsonCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <T> T read(String json, Argument<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Step> steps(String json) {
        return isEmptyArray(json) ? List.of() : read(json, STEPS);
    }

    public List<Attachment> attachments(String json) {
        return isEmptyArray(json) ? List.of() : read(json, ATTACHMENTS);
    }

    public List<Fault> faults(String json) {
        return isEmptyArray(json) ? List.of() : read(json, FAULTS);
    }

    public List<String> strings(String json) {
        return isEmptyArray(json) ? List.of() : read(json, STRINGS);
    }

    public Map<String, Object> map(String json) {
        return isEmptyObject(json) ? Map.of() : read(json, MAP);
    }

    /*
     * Issue 19 (CPU per request): most rows hold empty JSON in these columns (a job by id reads five of them,
     * a 50-job list page a hundred), and each read through the mapper costs a parser and a deserializer
     * look-up by type. PostgreSQL writes an empty jsonb as exactly "[]" or "{}", so those need no parser; the
     * domain copies every value it is given, so an immutable empty is the same to it.
     */
    static boolean isEmptyArray(String json) {
        return json != null && json.length() == 2 && json.charAt(0) == '[' && json.charAt(1) == ']';
    }

    static boolean isEmptyObject(String json) {
        return json != null && json.length() == 2 && json.charAt(0) == '{' && json.charAt(1) == '}';
    }
}
