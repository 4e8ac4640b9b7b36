package dev.jobtower.app.jobs.api;

import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.security.ServerSecrets;
import dev.jobtower.domain.query.Keyset;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque, tamper-evident list cursors: the keyset position and a hash of the query's sort and
 * filters, HMAC-signed with a key derived from the server secret. A forged cursor, or one reused
 * with other filters, is a 400.
 */
@Singleton
public class CursorCodec {
    private static final int VERSION = 1;
    private static final int PAYLOAD_BYTES = 1 + 8 + 16 + 8 + 16;
    private static final int TAG_BYTES = 16;

    private final SecretKeySpec key;
    /** One initialised Mac per thread: looking the algorithm up and keying it cost more than the HMAC itself. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public CursorCodec(ServerSecrets secrets) {
        this.key = new SecretKeySpec(secrets.cursorKey(), "HmacSHA256");
    }

    /** @param queryShape a canonical text of the sort and filters the cursor is bound to */
    public String encode(Keyset keyset, String queryShape) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES);
        payload.put((byte) VERSION);
        payload.putLong(micros(keyset.sortValue()));
        payload.putLong(keyset.id().getMostSignificantBits()).putLong(keyset.id().getLeastSignificantBits());
        payload.putLong(micros(keyset.asOf()));
        payload.put(shapeHash(queryShape));
        byte[] body = payload.array();
        byte[] tag = tag(body);
        byte[] all = ByteBuffer.allocate(body.length + TAG_BYTES).put(body).put(tag, 0, TAG_BYTES).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
    }

    public Keyset decode(String cursor, String queryShape) {
        byte[] all;
        try {
            all = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (all.length != PAYLOAD_BYTES + TAG_BYTES) {
            throw invalid();
        }
        byte[] body = new byte[PAYLOAD_BYTES];
        System.arraycopy(all, 0, body, 0, PAYLOAD_BYTES);
        byte[] given = new byte[TAG_BYTES];
        System.arraycopy(all, PAYLOAD_BYTES, given, 0, TAG_BYTES);
        byte[] expected = new byte[TAG_BYTES];
        System.arraycopy(tag(body), 0, expected, 0, TAG_BYTES);
        if (!MessageDigest.isEqual(given, expected)) {
            throw invalid();
        }
        ByteBuffer payload = ByteBuffer.wrap(body);
        if (payload.get() != VERSION) {
            throw invalid();
        }
        Instant sortValue = instant(payload.getLong());
        UUID id = new UUID(payload.getLong(), payload.getLong());
        Instant asOf = instant(payload.getLong());
        byte[] shape = new byte[16];
        payload.get(shape);
        if (!MessageDigest.isEqual(shape, shapeHash(queryShape))) {
            throw ApiException.validation("cursor", "belongs to a query with other filters or sort");
        }
        return new Keyset(sortValue, id, asOf);
    }

    private static ApiException invalid() {
        return ApiException.validation("cursor", "is not a valid cursor");
    }

    private byte[] tag(byte[] body) {
        return macs.get().doFinal(body); // doFinal leaves the Mac ready for the next body, same key
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] shapeHash(String shape) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(shape.getBytes(StandardCharsets.UTF_8));
            byte[] head = new byte[16];
            System.arraycopy(digest, 0, head, 0, 16);
            return head;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
