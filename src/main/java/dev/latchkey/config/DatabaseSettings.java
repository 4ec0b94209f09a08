package dev.latchkey.config;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which PostgreSQL Latchkey uses. Other modules read it too, because the database mode
 * decides more than the connection: with the embedded database a missing SECRET_KEY is
 * generated and kept in {@code dataDir}; with DATABASE_URL it stops startup.
 *
 * @param url DATABASE_URL; blank means the embedded PostgreSQL under {@code dataDir}
 * @param dataDir DATA_DIR, where zero-setup mode keeps its database and generated key
 */
@ConfigurationProperties("latchkey.database")
public record DatabaseSettings(String url, Path dataDir) {

	public boolean embedded() {
		return this.url.isBlank();
	}

	@Override
	public String toString() {
		return "DatabaseSettings[embedded=" + embedded() + ", dataDir=" + this.dataDir + "]";
	}

}
