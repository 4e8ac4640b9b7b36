package dev.jobtower.domain.vendor.demo;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorDiceTest {

    @Test
    void a_seeded_random_draws_the_same_ids_and_picks_every_run() {
        Map<String, Integer> weighted = new LinkedHashMap<>(Map.of("ok", 6, "fails", 3, "hangs", 1));
        Random a = SimulatorDice.seeded(42L);
        Random b = SimulatorDice.seeded(42L);
        for (int i = 0; i < 20; i++) {
            assertEquals(SimulatorDice.uuid(a), SimulatorDice.uuid(b));
            assertEquals(SimulatorDice.pick(a, weighted), SimulatorDice.pick(b, weighted));
        }
        assertNotEquals(SimulatorDice.uuid(SimulatorDice.seeded(null)), SimulatorDice.uuid(SimulatorDice.seeded(null)));
    }

    @Test
    void a_drawn_id_is_a_version_4_uuid_and_a_named_one_is_the_same_for_the_same_name() {
        UUID drawn = UUID.fromString(SimulatorDice.uuid(new Random(7)));
        assertEquals(4, drawn.version());
        assertEquals(2, drawn.variant());
        assertEquals(SimulatorDice.nameUuid("finch-connection:t"), SimulatorDice.nameUuid("finch-connection:t"));
        assertNotEquals(SimulatorDice.nameUuid("finch-connection:t"), SimulatorDice.nameUuid("finch-connection:u"));
        assertEquals(3, UUID.fromString(SimulatorDice.nameUuid("x")).version());
    }

    @Test
    void a_pick_follows_the_weights_and_never_picks_a_weight_of_zero() {
        Map<String, Integer> weighted = new LinkedHashMap<>();
        weighted.put("never", 0);
        weighted.put("often", 3);
        weighted.put("seldom", 1);
        Random random = new Random(1);
        Map<String, Integer> counts = new HashMap<>();
        IntStream.range(0, 4000).forEach(i -> counts.merge(SimulatorDice.pick(random, weighted), 1, Integer::sum));
        assertFalse(counts.containsKey("never"));
        assertTrue(counts.get("often") > 2 * counts.get("seldom"), counts.toString());
    }

    @Test
    void the_accounts_map_drops_the_least_recently_used_past_its_maximum() {
        Map<String, Integer> accounts = SimulatorDice.leastRecentlyUsed(2);
        accounts.put("a", 1);
        accounts.put("b", 2);
        accounts.get("a");
        accounts.put("c", 3);
        assertEquals(List.of("a", "c"), List.copyOf(accounts.keySet()));
    }

    @Test
    void a_secret_is_32_random_bytes() {
        assertEquals(32, Base64.getDecoder().decode(SimulatorDice.secretBase64()).length);
        assertEquals(32, Base64.getUrlDecoder().decode(SimulatorDice.secretBase64Url()).length);
        assertNotEquals(SimulatorDice.secretBase64(), SimulatorDice.secretBase64());
    }
}
