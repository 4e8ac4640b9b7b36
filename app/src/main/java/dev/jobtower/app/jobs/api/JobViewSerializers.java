package dev.jobtower.app.jobs.api;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serializer;
import io.micronaut.serde.Serializer.EncoderContext;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link JobView} and {@link JobSummaryView} written field by field (issue 19: JSON writing was the
 * largest part of the app's CPU for a job by id and a list page). The output is exactly what the
 * generated serializers wrote: the record's field order, every field present (nulls included), instants
 * and UUIDs as their ISO-8601 / canonical strings, enums by name; {@code params}, {@code attributes} and
 * tags (JSON read back from the database: maps, lists, strings, numbers, booleans) written directly, and
 * the nested steps, attachments and faults through their own serde serializers.
 */
final class JobViewSerializers {
    private JobViewSerializers() {
    }

    private static final Argument<List<dev.jobtower.domain.job.Step>> STEPS = Argument.listOf(dev.jobtower.domain.job.Step.class);
    private static final Argument<List<dev.jobtower.domain.job.Attachment>> ATTACHMENTS =
            Argument.listOf(dev.jobtower.domain.job.Attachment.class);
    private static final Argument<List<dev.jobtower.domain.job.Fault>> FAULTS = Argument.listOf(dev.jobtower.domain.job.Fault.class);

    /** The full job. */
    @Singleton
    static final class Full implements Serializer<JobView> {
        @Override
        public void serialize(Encoder encoder, EncoderContext context, Argument<? extends JobView> type, JobView j)
                throws IOException {
            if (j == null) {
                encoder.encodeNull();
                return;
            }
            Encoder o = encoder.encodeObject(type);
            head(o, context, j.id(), j.provider(), j.externalId(), j.connectionId(), j.type(), j.name(), j.status(),
                    j.statusReason(), j.vendorStatus(), j.createdAt(), j.scheduledAt(), j.startedAt(), j.completedAt(),
                    j.updatedAt(), j.params(), j.tags(), j.vendorUrl());
            o.encodeKey("attributes");
            value(o, context, j.attributes());
            o.encodeKey("steps");
            nested(o, context, STEPS, j.steps());
            o.encodeKey("attachments");
            nested(o, context, ATTACHMENTS, j.attachments());
            o.encodeKey("faults");
            nested(o, context, FAULTS, j.faults());
            tail(o, j.syncedAt(), j.stale(), j.overdue(), j.overdueSince());
            o.finishStructure();
        }
    }

    /** A job in a list. */
    @Singleton
    static final class Summary implements Serializer<JobSummaryView> {
        @Override
        public void serialize(Encoder encoder, EncoderContext context, Argument<? extends JobSummaryView> type,
                              JobSummaryView j) throws IOException {
            if (j == null) {
                encoder.encodeNull();
                return;
            }
            Encoder o = encoder.encodeObject(type);
            head(o, context, j.id(), j.provider(), j.externalId(), j.connectionId(), j.type(), j.name(), j.status(),
                    j.statusReason(), j.vendorStatus(), j.createdAt(), j.scheduledAt(), j.startedAt(), j.completedAt(),
                    j.updatedAt(), j.params(), j.tags(), j.vendorUrl());
            tail(o, j.syncedAt(), j.stale(), j.overdue(), j.overdueSince());
            o.finishStructure();
        }
    }

    private static void head(Encoder o, EncoderContext context, UUID id, String provider, String externalId, UUID connectionId, String type,
                             String name, Enum<?> status, String statusReason, String vendorStatus, Instant createdAt,
                             Instant scheduledAt, Instant startedAt, Instant completedAt, Instant updatedAt,
                             Object params, List<String> tags, String vendorUrl) throws IOException {
        o.encodeKey("id");
        string(o, id == null ? null : id.toString());
        o.encodeKey("provider");
        string(o, provider);
        o.encodeKey("externalId");
        string(o, externalId);
        o.encodeKey("connectionId");
        string(o, connectionId == null ? null : connectionId.toString());
        o.encodeKey("type");
        string(o, type);
        o.encodeKey("name");
        string(o, name);
        o.encodeKey("status");
        string(o, status == null ? null : status.name());
        o.encodeKey("statusReason");
        string(o, statusReason);
        o.encodeKey("vendorStatus");
        string(o, vendorStatus);
        o.encodeKey("createdAt");
        instant(o, createdAt);
        o.encodeKey("scheduledAt");
        instant(o, scheduledAt);
        o.encodeKey("startedAt");
        instant(o, startedAt);
        o.encodeKey("completedAt");
        instant(o, completedAt);
        o.encodeKey("updatedAt");
        instant(o, updatedAt);
        o.encodeKey("params");
        value(o, context, params);
        o.encodeKey("tags");
        value(o, context, tags);
        o.encodeKey("vendorUrl");
        string(o, vendorUrl);
    }

    private static void tail(Encoder o, Instant syncedAt, boolean stale, boolean overdue, Instant overdueSince)
            throws IOException {
        o.encodeKey("syncedAt");
        instant(o, syncedAt);
        o.encodeKey("stale");
        o.encodeBoolean(stale);
        o.encodeKey("overdue");
        o.encodeBoolean(overdue);
        o.encodeKey("overdueSince");
        instant(o, overdueSince);
    }

    private static void string(Encoder o, String text) throws IOException {
        if (text == null) {
            o.encodeNull();
        } else {
            o.encodeString(text);
        }
    }

    /** Instant.toString is DateTimeFormatter.ISO_INSTANT, the format serde writes instants in ({@link IsoInstants}: the same text). */
    private static void instant(Encoder o, Instant at) throws IOException {
        if (at == null) {
            o.encodeNull();
        } else {
            o.encodeString(IsoInstants.format(at));
        }
    }

    private static <T> void nested(Encoder o, EncoderContext context, Argument<List<T>> type, List<T> items)
            throws IOException {
        if (items == null) {
            o.encodeNull();
        } else if (items.isEmpty()) {
            o.encodeArray(type).finishStructure();
        } else {
            Serializer<? super List<T>> serializer = context.findSerializer(type).createSpecific(context, type);
            serializer.serialize(o, context, type, items);
        }
    }

    /** JSON as read back from the database; anything else (never expected) goes to serde. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void value(Encoder o, EncoderContext context, Object value) throws IOException {
        if (value == null) {
            o.encodeNull();
        } else if (value instanceof String s) {
            o.encodeString(s);
        } else if (value instanceof Map<?, ?> map) {
            Encoder m = o.encodeObject(Argument.OBJECT_ARGUMENT);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                m.encodeKey(String.valueOf(e.getKey()));
                value(m, context, e.getValue());
            }
            m.finishStructure();
        } else if (value instanceof List<?> list) {
            Encoder a = o.encodeArray(Argument.OBJECT_ARGUMENT);
            for (Object item : list) {
                value(a, context, item);
            }
            a.finishStructure();
        } else if (value instanceof Boolean b) {
            o.encodeBoolean(b);
        } else if (value instanceof Integer i) {
            o.encodeInt(i);
        } else if (value instanceof Long l) {
            o.encodeLong(l);
        } else if (value instanceof Double d) {
            o.encodeDouble(d);
        } else if (value instanceof BigDecimal d) {
            o.encodeBigDecimal(d);
        } else if (value instanceof BigInteger i) {
            o.encodeBigInteger(i);
        } else {
            Argument type = Argument.of(value.getClass());
            Serializer serializer = context.findSerializer(type).createSpecific(context, type);
            serializer.serialize(o, context, type, value);
        }
    }
}
