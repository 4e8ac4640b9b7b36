package dev.jobtower.app.vendors;

import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.VendorModule;
import io.micronaut.core.order.OrderUtil;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The vendors this instance follows: every {@link VendorModule} bean the adapters register, in their
 * {@code @Order}. The one place the app learns which providers exist; every list of providers, every
 * per-vendor default and special case is derived from here, so the app names no vendor.
 */
@Singleton
public class VendorModules {
    private final Map<Provider, VendorModule> modules = new LinkedHashMap<>();

    public VendorModules(List<VendorModule> registered) {
        List<VendorModule> ordered = new ArrayList<>(registered);
        OrderUtil.sort(ordered);
        for (VendorModule module : ordered) {
            if (modules.putIfAbsent(module.provider(), module) != null) {
                throw new IllegalStateException("two vendor modules are named " + module.provider());
            }
        }
        if (modules.isEmpty()) {
            throw new IllegalStateException("no vendor module is registered");
        }
    }

    /** The modules, in order. */
    public List<VendorModule> all() {
        return List.copyOf(modules.values());
    }

    /** The providers, in order. */
    public List<Provider> providers() {
        return List.copyOf(modules.keySet());
    }

    /** The registered provider of that API name (trimmed, any case), if there is one. */
    public Optional<Provider> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return modules.keySet().stream().filter(p -> p.wireName().equals(wanted)).findFirst();
    }

    /** The module of a registered provider. @throws IllegalStateException for another */
    public VendorModule of(Provider provider) {
        VendorModule module = modules.get(provider);
        if (module == null) {
            throw new IllegalStateException("no vendor module for provider " + provider);
        }
        return module;
    }

    /** The module of a provider, when it is registered. */
    public Optional<VendorModule> module(Provider provider) {
        return Optional.ofNullable(modules.get(provider));
    }

    /** The providers' API names in order, for answers that list the allowed values: {@code finch, anon, invopop}. */
    public String names(String separator) {
        return modules.keySet().stream().map(Provider::wireName).collect(Collectors.joining(separator));
    }

    /** {@code a, b or c}. */
    public String namesOr() {
        List<String> names = modules.keySet().stream().map(Provider::wireName).toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
