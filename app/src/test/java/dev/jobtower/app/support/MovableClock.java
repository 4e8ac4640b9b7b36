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

/** A clock tests move by hand (no sleeps); replaces the application clock when {@code jobtower.test.movable-clock=true}. */
public final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    public MovableClock(Instant start) {
        this.now = new AtomicReference<>(start.truncatedTo(ChronoUnit.MICROS));
    }

    public void set(Instant t) {
        now.set(t.truncatedTo(ChronoUnit.MICROS));
    }

    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** The bean: starts at the real time now. */
    @Factory
    @Requires(property = "jobtower.test.movable-clock", value = "true")
    public static class MovableClockFactory {
        @Singleton
        @Replaces(bean = Clock.class, factory = ClockFactory.class)
        public MovableClock clock() {
            return new MovableClock(Instant.now());
        }
    }
}
