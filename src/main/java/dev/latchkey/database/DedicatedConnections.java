package dev.latchkey.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Connections to the application's database outside its pool, for a connection that stays
 * open as long as the application runs (a LISTEN) and would otherwise take a pooled one
 * away from the requests for good. Each has a connect timeout, TCP keep-alive and a read
 * timeout, so that a database gone silent fails its reads instead of hanging them.
 */
public final class DedicatedConnections {

	private final DatabaseUrl url;

	DedicatedConnections(DatabaseUrl url) {
		this.url = url;
	}

	/**
	 * A new connection in auto-commit mode, its own to close.
	 * @param applicationName what {@code pg_stat_activity.application_name} shows for it
	 * @param readTimeout how long a read may wait for the server before it fails
	 */
	public Connection open(String applicationName, Duration readTimeout) throws SQLException {
		Properties properties = new Properties();
		if (this.url.username() != null) {
			properties.setProperty("user", this.url.username());
		}
		if (this.url.password() != null) {
			properties.setProperty("password", this.url.password());
		}
		properties.setProperty("ApplicationName", applicationName);
		properties.setProperty("connectTimeout", "5");
		properties.setProperty("tcpKeepAlive", "true");
		properties.setProperty("socketTimeout", Long.toString(Math.max(1, readTimeout.toSeconds())));
		return DriverManager.getConnection(this.url.jdbcUrl(), properties);
	}

}
