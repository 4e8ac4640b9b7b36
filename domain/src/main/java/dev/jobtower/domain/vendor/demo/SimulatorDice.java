package dev.jobtower.domain.vendor.demo;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The chance every vendor simulator plays with, written once: its own {@link Random} (seeded by
 * {@code jobtower.demo.seed}, so a seeded run sees the same kinds of lives and names its jobs the same way), a
 * weighted pick of a scenario, ids drawn from that random or derived from a name, the accounts kept (the least
 * recently used dropped past a maximum), and webhook secrets' random bytes.
 */
public final class SimulatorDice {
    private static final SecureRandom SECRETS = new SecureRandom();

    private SimulatorDice() {
    }

    /** A random of its own: seeded when a seed is configured, else seeded by the JDK. */
    public static Random seeded(Long seed) {
        return seed == null ? new Random() : new Random(seed);
    }

    /** One of the keys, each as likely as its weight among the weights' sum (all weights ≥ 0, their sum > 0). */
    public static <T> T pick(Random random, Map<T, Integer> weighted) {
        int total = weighted.values().stream().mapToInt(Integer::intValue).sum();
        int roll = random.nextInt(total);
        for (Map.Entry<T, Integer> e : weighted.entrySet()) {
            roll -= e.getValue();
            if (roll < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** A version-4 UUID drawn from {@code random}. */
    public static String uuid(Random random) {
        long msb = random.nextLong() & ~0xF000L | 0x4000L;
        long lsb = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** A version-3 UUID derived from a name: the same name, the same id, in every run. */
    public static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A map in access order that drops its least recently used entry once it holds more than {@code max}. */
    public static <K, V> Map<K, V> leastRecentlyUsed(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    /** 32 random bytes in base64, the body of a demo connection's webhook secret. */
    public static String secretBase64() {
        byte[] bytes = new byte[32];
        SECRETS.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** 32 random bytes in URL-safe base64 without padding. */
    public static String secretBase64Url() {
        byte[] bytes = new byte[32];
        SECRETS.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
