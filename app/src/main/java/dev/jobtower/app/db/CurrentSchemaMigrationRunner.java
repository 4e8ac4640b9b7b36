package dev.jobtower.app.db;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.flyway.DataSourceMigrationRunner;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Runs Flyway on a new datasource only when the schema is not already current. Flyway's start
 * (its configuration, a class-path scan, validating every applied migration) costs a few hundred
 * milliseconds of every start-up, although a restart almost never has anything to migrate. One
 * query decides: when every migration bundled in {@code db/migration} is in the history table as
 * applied successfully, and nothing else is, Flyway is not started ({@link SchemaCurrency}).
 * Anything else (a new or an older database, a failed migration, a file the history does not name,
 * any error while checking) runs Flyway exactly as before, with its validation and its settings
 * ({@code enabled}, {@code async}, {@code locations}: a location besides {@code db/migration} puts
 * scripts in the history that the check does not bundle, so Flyway runs).
 */
@Singleton
@Replaces(DataSourceMigrationRunner.class)
public class CurrentSchemaMigrationRunner extends DataSourceMigrationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CurrentSchemaMigrationRunner.class);

    private final DataSourceResolver dataSourceResolver;

    public CurrentSchemaMigrationRunner(ApplicationContext applicationContext,
                                        ApplicationEventPublisher<?> eventPublisher,
                                        DataSourceResolver dataSourceResolver) {
        super(applicationContext, eventPublisher, dataSourceResolver);
        this.dataSourceResolver = dataSourceResolver;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource dataSource = event.getBean();
        String name = event.getBeanIdentifier().getName();
        if ("default".equals(name) && current(dataSource)) {
            return dataSource;
        }
        return super.onCreated(event);
    }

    private boolean current(DataSource dataSource) {
        try {
            Set<String> bundled = SchemaCurrency.bundledMigrations(SchemaCurrency.LOCATION);
            try (Connection c = dataSourceResolver.resolve(dataSource).getConnection()) {
                if (SchemaCurrency.isCurrent(c, bundled)) {
                    LOG.info("Schema is current ({} migrations applied): Flyway not run", bundled.size());
                    return true;
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.info("Could not tell whether the schema is current ({}): running Flyway", e.getClass().getSimpleName());
        }
        return false;
    }
}
