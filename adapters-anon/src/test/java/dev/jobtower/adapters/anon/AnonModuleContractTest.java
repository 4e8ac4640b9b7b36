package dev.jobtower.adapters.anon;

import dev.jobtower.domain.provider.VendorModule;
import dev.jobtower.domain.provider.contract.VendorModuleContract;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link AnonModule}, as the app finds it (a bean, its demo present in demo mode), passes the module contract. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnonModuleContractTest implements VendorModuleContract {
    private final ApplicationContext context = ApplicationContext.run(Map.of("jobtower.demo", "true",
            "micronaut.http.services.anon.url", "http://127.0.0.1:9", "micronaut.server.port", "-1"));

    @AfterAll
    void stop() {
        context.close();
    }

    @Override
    public VendorModule module() {
        return context.getBean(AnonModule.class);
    }

    @Test
    void is_the_only_module_of_the_adapter_and_has_its_demo_in_demo_mode() {
        assertEquals(1, context.getBeansOfType(VendorModule.class).size());
        assertEquals("anon", module().provider().wireName());
        assertTrue(module().demo().isPresent());
    }

    @Test
    void without_demo_mode_it_has_no_demo() {
        try (ApplicationContext plain = ApplicationContext.run(Map.of("micronaut.http.services.anon.url", "http://127.0.0.1:9"))) {
            assertTrue(plain.getBean(AnonModule.class).demo().isEmpty());
        }
    }
}
