package dev.jobtower.app.vendors;

import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.VendorModule;
import dev.jobtower.domain.provider.contract.InMemoryJobProvider;
import io.micronaut.core.order.Ordered;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The registry of vendor modules: their order, lookups by API name, the names listed in 400 answers. */
class VendorModulesTest {

    record Module(String name, int order) implements VendorModule, Ordered {
        @Override
        public Provider provider() {
            return Provider.of(name);
        }

        @Override
        public String label() {
            return name.toUpperCase();
        }

        @Override
        public JobProvider jobProvider() {
            return new InMemoryJobProvider(provider());
        }

        @Override
        public int getOrder() {
            return order;
        }
    }

    @Test
    void lists_the_modules_in_their_order_whatever_order_they_were_registered_in() {
        VendorModules vendors = new VendorModules(List.of(new Module("c", 3), new Module("a", 1), new Module("b", 2)));
        assertEquals(List.of(Provider.of("a"), Provider.of("b"), Provider.of("c")), vendors.providers());
        assertEquals("a, b, c", vendors.names(", "));
        assertEquals("a, b or c", vendors.namesOr());
        assertEquals("B", vendors.of(Provider.of("b")).label());
    }

    @Test
    void finds_a_registered_name_trimmed_in_any_case_and_nothing_else() {
        VendorModules vendors = new VendorModules(List.of(new Module("finch", 1), new Module("fake", 2)));
        assertEquals(Optional.of(Provider.of("fake")), vendors.find(" FAKE "));
        assertEquals(Optional.empty(), vendors.find("anon"));
        assertEquals(Optional.empty(), vendors.find(""));
        assertEquals(Optional.empty(), vendors.find(null));
        assertEquals(Optional.empty(), vendors.module(Provider.of("anon")));
        assertThrows(IllegalStateException.class, () -> vendors.of(Provider.of("anon")));
    }

    @Test
    void two_modules_of_one_name_or_none_at_all_stop_the_start() {
        assertThrows(IllegalStateException.class,
                () -> new VendorModules(List.of(new Module("a", 1), new Module("a", 2))));
        assertThrows(IllegalStateException.class, () -> new VendorModules(List.of()));
    }

    @Test
    void a_provider_is_a_lower_case_name() {
        assertEquals("fake-2", Provider.of("fake-2").toString());
        for (String bad : List.of("", "Finch", "1x", "a b", "x".repeat(33), "fin\u0000ch")) {
            assertThrows(IllegalArgumentException.class, () -> Provider.of(bad), bad);
        }
    }
}
