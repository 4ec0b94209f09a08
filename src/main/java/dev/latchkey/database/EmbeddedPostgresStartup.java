package dev.latchkey.database;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor;

import dev.latchkey.config.DatabaseSettings;

/**
 * In zero-setup mode, starts the embedded PostgreSQL as soon as the settings are known,
 * before the application context is configured, on a thread of its own: the server takes
 * most of a second to come up, which the context spends reading its configuration classes
 * instead of waiting. The DataSource waits for it ({@link StartingEmbeddedPostgres}).
 * <p>
 * Registered in {@code META-INF/spring.factories}, so every {@code SpringApplication}
 * applies it; with DATABASE_URL set it does nothing, and so it does while the build
 * processes the application ahead of time (prepare-package, see pom.xml), which creates
 * no beans and needs no database.
 */
class EmbeddedPostgresStartup implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Binder binder = Binder.get(context.getEnvironment());
		DatabaseSettings database = binder.bindOrCreate("latchkey.database", DatabaseSettings.class);
		if (!database.embedded() || Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			return;
		}
		StartingEmbeddedPostgres starting = StartingEmbeddedPostgres.begin(database.dataDir());
		// Registered as disposable as well, so that a context that fails before it
		// reaches
		// the DataSource still stops the server it started.
		DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
		beans.registerSingleton(StartingEmbeddedPostgres.BEAN_NAME, starting);
		beans.registerDisposableBean(StartingEmbeddedPostgres.BEAN_NAME, starting);
	}

}
