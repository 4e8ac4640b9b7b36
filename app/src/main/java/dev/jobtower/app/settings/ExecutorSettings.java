package dev.jobtower.app.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The executors per kind of work (README "Who waits for whom"), {@code jobtower.executors.*}: threads and waiting
 * room for API requests that call a vendor, threads for connection set-up and for the event stream's backlog
 * reads. (The poller's and webhook processing's threads are {@code jobtower.poll.parallelism} and
 * {@code jobtower.webhooks.parallelism}.)
 */
@Context
@ConfigurationProperties("jobtower.executors")
public record ExecutorSettings(ApiVendor apiVendor, Setup setup, Events events) {

    /** {@code jobtower.executors.api-vendor.threads} and {@code .queue}. */
    @ConfigurationProperties("api-vendor")
    public record ApiVendor(@Bindable(defaultValue = "32") int threads, @Bindable(defaultValue = "64") int queue) {
        public ApiVendor {
            Require.atLeast("jobtower.executors.api-vendor.threads", 1, threads);
            Require.atLeast("jobtower.executors.api-vendor.queue", 0, queue);
        }
    }

    /** {@code jobtower.executors.setup.threads}. */
    @ConfigurationProperties("setup")
    public record Setup(@Bindable(defaultValue = "4") int threads) {
        public Setup {
            Require.atLeast("jobtower.executors.setup.threads", 1, threads);
        }
    }

    /** {@code jobtower.executors.events.threads}. */
    @ConfigurationProperties("events")
    public record Events(@Bindable(defaultValue = "4") int threads) {
        public Events {
            Require.atLeast("jobtower.executors.events.threads", 1, threads);
        }
    }
}
