package dev.jobtower.app.support;

import dev.jobtower.app.ClockFactory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it. A test class turns it on with the property
 * {@code test.movable-clock=true}; it then replaces the application's clock and is injectable.
 */
public final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    public MovableClock(Instant start) {
        this.now = new AtomicReference<>(start.truncatedTo(ChronoUnit.MICROS));
    }

    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    public void set(Instant instant) {
        now.set(instant.truncatedTo(ChronoUnit.MICROS));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** Replaces {@link ClockFactory#clock()} when {@code test.movable-clock=true}. */
    @Factory
    @Requires(property = "test.movable-clock", value = "true")
    public static class TestClockFactory {
        @Singleton
        @Replaces(factory = ClockFactory.class, bean = Clock.class)
        public MovableClock movableClock() {
            return new MovableClock(Instant.now());
        }
    }
}
