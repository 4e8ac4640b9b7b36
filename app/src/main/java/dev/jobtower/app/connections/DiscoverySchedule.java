package dev.jobtower.app.connections;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.db.Rows;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import io.micronaut.context.annotation.Requires;
import dev.jobtower.app.settings.DiscoverySettings;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every {@code JOBTOWER_DISCOVERY_INTERVAL}, each connection's vendor is scanned for jobs Jobtower does
 * not follow yet (and asked who the account is, if that failed before). Connections are claimed in
 * the database, so with several instances each connection is scanned by one of them.
 */
@Singleton
@Requires(property = "jobtower.discovery.enabled", notEquals = "false")
public class DiscoverySchedule {
    private final Database db;
    private final ConnectionStore connections;
    private final ConnectionLifecycle lifecycle;
    private final Clock clock;
    private final Duration interval;

    public DiscoverySchedule(Database db, ConnectionStore connections, ConnectionLifecycle lifecycle, Clock clock,
                             DiscoverySettings settings) {
        this.db = db;
        this.connections = connections;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.interval = settings.interval();
    }

    @Scheduled(fixedDelay = "${jobtower.discovery.tick:30s}", initialDelay = "${jobtower.discovery.initial-delay:10s}")
    public void tick() {
        for (ConnectionId id : claimDue(20)) {
            connections.findForWebhook(id).ifPresent(connection -> {
                if (connection.vendorConnectionId() == null) {
                    lifecycle.introspect(connection);
                }
                lifecycle.discover(connection);
            });
        }
    }

    private List<ConnectionId> claimDue(int limit) {
        return db.write(c -> {
            Instant now = clock.instant();
            // tenants in turn: each tenant's longest-waiting connection first, then each one's second...
            try (PreparedStatement ps = c.prepareStatement("update connection k set discovered_at = ? from ("
                    + "select id from connection where id in (select turns.id from (select id, discovered_at, "
                    + "row_number() over (partition by tenant_id order by discovered_at nulls first, id) as turn "
                    + "from connection where deleted_at is null and (discovered_at is null or discovered_at < ?)) turns "
                    + "order by turns.turn, turns.discovered_at nulls first limit ?) "
                    + "and deleted_at is null and (discovered_at is null or discovered_at < ?) "
                    + "for update skip locked) due where k.id = due.id returning k.id")) {
                Rows.bind(ps, now, now.minus(interval), limit, now.minus(interval));
                List<ConnectionId> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(new ConnectionId(Rows.uuid(rs, "id")));
                    }
                }
                return ids;
            }
        });
    }
}
