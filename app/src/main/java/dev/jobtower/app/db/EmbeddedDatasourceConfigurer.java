package dev.jobtower.app.db;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/** Points the default datasource at the embedded PostgreSQL when no external database is configured. */
@Singleton
public class EmbeddedDatasourceConfigurer implements BeanCreatedEventListener<DatasourceConfiguration> {
    private final DatabaseMode mode;
    private final Provider<EmbeddedDatabase> database;

    public EmbeddedDatasourceConfigurer(DatabaseMode mode, Provider<EmbeddedDatabase> database) {
        this.mode = mode;
        this.database = database;
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration configuration = event.getBean();
        if (mode.embedded() && "default".equals(configuration.getName())) {
            configuration.setUrl(database.get().jdbcUrl());
            configuration.setUsername("postgres");
            configuration.setPassword("");
        }
        return configuration;
    }
}
