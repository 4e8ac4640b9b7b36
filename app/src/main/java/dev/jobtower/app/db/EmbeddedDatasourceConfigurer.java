package dev.jobtower.app.db;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanInitializedEventListener;
import io.micronaut.context.event.BeanInitializingEvent;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/** Points the default datasource at the embedded PostgreSQL when no external database is configured. */
@Singleton
public class EmbeddedDatasourceConfigurer implements BeanInitializedEventListener<DatasourceConfiguration> {
    private final DatabaseMode mode;
    private final Provider<EmbeddedDatabase> database;

    public EmbeddedDatasourceConfigurer(DatabaseMode mode, Provider<EmbeddedDatabase> database) {
        this.mode = mode;
        this.database = database;
    }

    /** Runs before the configuration's own {@code @PostConstruct}, which insists on a URL. */
    @Override
    public DatasourceConfiguration onInitialized(BeanInitializingEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration configuration = event.getBean();
        if (mode.embedded() && "default".equals(configuration.getName())) {
            configuration.setUrl(database.get().jdbcUrl());
            configuration.setUsername("postgres");
            configuration.setPassword(database.get().password());
        }
        return configuration;
    }
}
