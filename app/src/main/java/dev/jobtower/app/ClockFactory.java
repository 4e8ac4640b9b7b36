package dev.jobtower.app;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The clock everything reads time from; ticks in microseconds, the database's precision. */
@Factory
public class ClockFactory {
    @Singleton
    public Clock clock() {
        return new MicrosecondClock(Clock.systemUTC());
    }

    /**
     * The system clock truncated to microseconds, so what Jobtower stores equals what it reads back.
     * (Not {@code Clock.tick(…, 1 µs)}: its {@code millis()} divides by zero for sub-millisecond ticks.)
     */
    static final class MicrosecondClock extends Clock {
        private final Clock base;

        MicrosecondClock(Clock base) {
            this.base = base;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new MicrosecondClock(base.withZone(zone));
        }

        @Override
        public Instant instant() {
            return base.instant().truncatedTo(ChronoUnit.MICROS);
        }

        @Override
        public long millis() {
            return base.millis();
        }
    }
}
