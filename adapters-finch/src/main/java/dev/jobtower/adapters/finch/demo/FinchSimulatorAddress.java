package dev.jobtower.adapters.finch.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.util.StringUtils;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

/**
 * Where the Finch simulator says it is reached (its URLs in answers): the embedded server's configured
 * address and bound port, set once at startup. Never a request's {@code Host} header, which any client
 * chooses and which would let one request plant another host in the URLs every later answer carries.
 */
@Singleton
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class FinchSimulatorAddress implements ApplicationEventListener<ServerStartupEvent> {
    private final FinchSimulator finch;

    public FinchSimulatorAddress(FinchSimulator finch) {
        this.finch = finch;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        finch.setSelfUrl(event.getSource().getURL().toString().replaceAll("/+$", "") + "/_demo/finch");
    }
}
