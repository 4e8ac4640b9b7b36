package dev.jobtower.adapters.finch.demo;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@code JOBTOWER_DEMO_SEED} reaches the simulator: the same seed, the same jobs (README "Demo mode"). */
class FinchDemoSeedTest {

    private static String firstDailySync(String seed) {
        Map<String, Object> env = Map.of("JOBTOWER_DEMO", "true", "JOBTOWER_DEMO_SEED", seed, "JOBTOWER_DEMO_TICK", "1h");
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(PropertySource.of("test-env", env, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .start()) {
            return context.getBean(FinchSimulator.class).scheduleDailySync("demo-token");
        }
    }

    @Test
    void the_same_seed_starts_the_same_jobs_and_another_seed_others() {
        assertEquals(firstDailySync("42"), firstDailySync("42"));
        assertNotEquals(firstDailySync("42"), firstDailySync("43"));
    }
}
