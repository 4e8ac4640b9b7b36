package dev.jobtower.app.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * API keys: how often a key's {@code lastUsedAt} is written at most ({@code jobtower.api-key-touch-interval}) and
 * how long an instance trusts a key it found live ({@code jobtower.api-key-cache-ttl}; {@code 0s} asks every time).
 */
@Context
@ConfigurationProperties("jobtower")
public record ApiKeySettings(@Bindable(defaultValue = "60s") Duration apiKeyTouchInterval,
                             @Bindable(defaultValue = "2s") Duration apiKeyCacheTtl) {
    public ApiKeySettings {
        Require.notNegative("jobtower.api-key-touch-interval", apiKeyTouchInterval);
        Require.notNegative("jobtower.api-key-cache-ttl", apiKeyCacheTtl);
    }
}
