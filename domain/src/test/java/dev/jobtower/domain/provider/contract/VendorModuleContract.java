package dev.jobtower.domain.provider.contract;

import dev.jobtower.domain.provider.VendorDemo;
import dev.jobtower.domain.provider.VendorModule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link VendorModule} promises the app: it names the provider its adapter speaks for, a label for
 * people, limits and a webhook routing; and when it has a demo, an account the adapter accepts and moves to make.
 * Each adapter's module passes it (with its demo present); so does the in-memory one.
 */
public interface VendorModuleContract {

    /** The module under test, with its demo when the adapter has one. */
    VendorModule module();

    @Test
    default void names_the_provider_its_adapter_speaks_for() {
        VendorModule m = module();
        assertNotNull(m.provider());
        assertEquals(m.provider(), m.jobProvider().provider());
    }

    @Test
    default void has_a_label_limits_and_a_webhook_routing() {
        VendorModule m = module();
        assertFalse(m.label().isBlank());
        assertTrue(m.label().chars().noneMatch(Character::isISOControl), m.label());
        assertNotNull(m.limits());
        assertNotNull(m.webhookRouting());
        assertNotNull(m.jobTypes());
        m.jobTypes().forEach(t -> assertFalse(t.isBlank()));
    }

    @Test
    default void its_demo_connects_an_account_the_adapter_accepts() {
        VendorModule m = module();
        if (m.demo().isEmpty()) {
            return;
        }
        VendorDemo demo = m.demo().get();
        assertFalse(demo.connectionName().isBlank());
        assertFalse(demo.token().isBlank());
        String secret = demo.newWebhookSecret();
        assertDoesNotThrow(() -> m.jobProvider().validateWebhookSecret(secret));
        assertNotEquals(secret, demo.newWebhookSecret(), "a fresh secret each time");
        assertFalse(demo.moves().isEmpty());
        demo.moves().forEach(move -> assertFalse(move.description().isBlank()));
        demo.opening().forEach(move -> assertFalse(move.description().isBlank()));
    }
}
