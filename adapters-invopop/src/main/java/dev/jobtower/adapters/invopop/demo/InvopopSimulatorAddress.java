package dev.jobtower.adapters.invopop.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.util.StringUtils;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

/**
 * Where the Invopop simulator says it is reached (its URLs in answers): the embedded server's configured
 * address and bound port, set once at startup. Never a request's {@code Host} header, which any client
 * chooses and which would let one request plant another host in the URLs every later answer carries.
 */
@Singleton
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class InvopopSimulatorAddress implements ApplicationEventListener<ServerStartupEvent> {
    private final InvopopSimulator invopop;

    public InvopopSimulatorAddress(InvopopSimulator invopop) {
        this.invopop = invopop;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        invopop.setSelfUrl(event.getSource().getURL().toString().replaceAll("/+$", "") + "/_demo/invopop");
    }
}
