package dev.jobtower.app.connections;

import dev.jobtower.app.WorkExecutors;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.provider.Unsupported;
import dev.jobtower.domain.tracking.AccountSetup;
import dev.jobtower.domain.tracking.DiscoveringJobs;
import dev.jobtower.domain.tracking.IntrospectingAccount;
import dev.jobtower.domain.tracking.UnknownConnection;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;

/**
 * What happens when a connection is made or its credentials change: the vendor is asked who the
 * account is ({@code vendorConnectionId}, quota) and its jobs are discovered. Both run in the
 * background and are best effort: the discovery schedule retries what failed.
 */
@Singleton
public class ConnectionLifecycle implements AccountSetup {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLifecycle.class);

    private final IntrospectingAccount introspecting;
    private final DiscoveringJobs discovering;
    private final ExecutorService executor;

    public ConnectionLifecycle(IntrospectingAccount introspecting, DiscoveringJobs discovering,
                               @Named(WorkExecutors.SETUP) ExecutorService executor) {
        this.introspecting = introspecting;
        this.discovering = discovering;
        this.executor = executor;
    }

    @Override
    public void connected(Connection connection) {
        executor.execute(() -> {
            introspect(connection);
            discover(connection);
        });
    }

    /** Learns the vendor's id for the account; false when the vendor could not be asked. */
    public boolean introspect(Connection connection) {
        try {
            introspecting.introspect(connection);
            return true;
        } catch (UnknownConnection e) {
            return false;
        } catch (ProviderException | IllegalStateException e) {
            LOG.info("Could not introspect {} connection {} yet ({}); will retry", connection.provider(),
                    connection.id(), e.getClass().getSimpleName());
            return false;
        }
    }

    public void discover(Connection connection) {
        try {
            int found = discovering.discover(connection);
            if (found > 0) {
                LOG.info("Discovered {} new jobs on {} connection {}", found, connection.provider(), connection.id());
            }
        } catch (Unsupported e) {
            LOG.debug("{} cannot list jobs", connection.provider());
        } catch (RuntimeException e) {
            LOG.info("Discovery on {} connection {} failed ({}); will retry", connection.provider(), connection.id(),
                    e.getClass().getSimpleName());
        }
    }
}
