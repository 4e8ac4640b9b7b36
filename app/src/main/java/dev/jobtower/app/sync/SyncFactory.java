package dev.jobtower.app.sync;

import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.query.JobStore;
import dev.jobtower.domain.tracking.JobSync;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/** Wires the domain's plain use-case classes (the core carries no framework annotation). */
@Factory
public class SyncFactory {
    @Singleton
    public JobSync jobSync(JobStore jobs, ConnectionStore connections, Providers providers, Clock clock,
                           @Value("${jobtower.discovery.lookback:7d}") Duration lookback,
                           @Value("${jobtower.discovery.max-jobs:1000}") int maxJobs,
                           @Value("${jobtower.enqueue.unconfirmed-grace:10m}") Duration unconfirmedGrace) {
        return new JobSync(jobs, connections, providers, clock, lookback, maxJobs, unconfirmedGrace);
    }
}
