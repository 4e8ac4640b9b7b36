package dev.jobtower.app.ops;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;

/**
 * Logs, once the HTTP server listens, how long after the JVM's start it became ready, so a start-up can
 * be broken down from the log alone: JVM start → PostgreSQL accepting (the embedded database's own line,
 * which also carries the JVM uptime) → server ready (this line) → first {@code 200} (bench/run).
 */
@Singleton
public class StartupTimeline implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(StartupTimeline.class);

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        LOG.info("Server ready {} ms after the JVM started", jvmUptimeMillis());
    }

    /** Milliseconds since the JVM started (its own clock, so it includes class loading before main). */
    public static long jvmUptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
