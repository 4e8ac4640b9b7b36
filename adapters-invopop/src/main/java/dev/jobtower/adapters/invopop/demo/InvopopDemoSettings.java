package dev.jobtower.adapters.invopop.demo;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code jobtower.demo.seed} ({@code JOBTOWER_DEMO_SEED}), as the Invopop simulator reads it: the seed of its own random
 * (unset: random). ({@code tick} steers its delivery schedule's annotation.)
 */
@ConfigurationProperties("jobtower.demo")
public record InvopopDemoSettings(@Nullable Long seed) {
}
