package dev.jobtower.app.support;

import dev.jobtower.app.notifications.HostResolver;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A resolver whose answers tests set (a name resolving to 10.0.0.1, a name that rebinds); names not set
 * resolve as IP literals only. Replaces the system resolver when {@code jobtower.test.fake-dns=true}.
 */
@Singleton
@Replaces(HostResolver.SystemHostResolver.class)
@Requires(property = "jobtower.test.fake-dns", value = "true")
public class FakeHostResolver implements HostResolver {
    private final Map<String, String> answers = new ConcurrentHashMap<>();

    public void answer(String host, String address) {
        answers.put(host, address);
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        String address = answers.get(host);
        if (address != null) {
            return List.of(InetAddress.getByName(address));
        }
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return List.of(InetAddress.getByName(host));
        }
        throw new UnknownHostException(host);
    }
}
