package dev.jobtower.adapters.finch;

import dev.jobtower.adapters.finch.demo.FinchDemo;
import dev.jobtower.adapters.finch.demo.FinchSimulator;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.VendorLimits;
import dev.jobtower.domain.vendor.AdapterModule;
import dev.jobtower.domain.provider.WebhookRouting;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Finch, as the app needs to know it. */
@Singleton
@Order(1)
public final class FinchModule extends AdapterModule {
    /** Finch's name in the API. */
    public static final Provider PROVIDER = Provider.of("finch");
    /**
     * Finch allows 1 000 requests per 5 minutes per IP, not per account: about 3/s for the whole instance,
     * each connection holding a fair share of it.
     */
    public static final VendorLimits LIMITS = VendorLimits.DEFAULT.withRate(3, Duration.ofSeconds(1), true);

    public FinchModule(FinchJobProvider jobProvider, @Nullable FinchSimulator simulator) {
        super(PROVIDER, "Finch", jobProvider, Optional.ofNullable(simulator).map(FinchDemo::new));
    }

    @Override
    public VendorLimits limits() {
        return LIMITS;
    }

    /** Finch registers one webhook per application; its events name the connection by Finch's own id. */
    @Override
    public WebhookRouting webhookRouting() {
        return WebhookRouting.VENDOR_CONNECTION_ID;
    }

    @Override
    public List<String> jobTypes() {
        return List.of("data_sync_all", "w4_form_employee_sync");
    }
}
