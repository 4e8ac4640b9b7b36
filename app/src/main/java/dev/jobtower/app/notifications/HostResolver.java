package dev.jobtower.app.notifications;

import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a host name to its addresses (a port, so tests can make a name resolve to 10.0.0.1). */
public interface HostResolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system resolver. */
    @Singleton
    class SystemHostResolver implements HostResolver {
        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            return List.of(InetAddress.getAllByName(host));
        }
    }
}
