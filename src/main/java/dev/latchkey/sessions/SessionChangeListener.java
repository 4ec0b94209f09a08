package dev.latchkey.sessions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import dev.latchkey.database.DedicatedConnections;

/**
 * Listens, on a connection of its own, to the changes PostgreSQL publishes on
 * {@link #CHANNEL} (see the migration {@code V10__session_change_notifications.sql}) and
 * drops what they name from the {@link SessionCache}.
 * <p>
 * It also sends itself a heartbeat through the same channel every
 * SESSION_CACHE_HEARTBEAT: while its own heartbeats come back, every notification
 * committed before them has arrived too (PostgreSQL delivers them in commit order). When
 * the connection fails, or the heartbeats stop coming back, the cache is no longer
 * trusted and every check asks the database again, until the channel is listened to again
 * and the cache, which may have missed notifications meanwhile, starts empty.
 */
final class SessionChangeListener implements SmartLifecycle {

	static final String CHANNEL = "latchkey_session_changes";

	static final String APPLICATION_NAME = "latchkey session changes";

	private static final Logger logger = LoggerFactory.getLogger(SessionChangeListener.class);

	private final DedicatedConnections connections;

	private final SessionCache cache;

	private final Duration heartbeat;

	/** This instance's heartbeat payload, which only it sends. */
	private final String heartbeatPayload = "h:" + UUID.randomUUID();

	private final AtomicLong notifications = new AtomicLong();

	private final AtomicLong listens = new AtomicLong();

	private volatile boolean running;

	/** Whether the current outage was logged already; the listener thread's alone. */
	private boolean outageLogged;

	private volatile @Nullable Thread thread;

	private volatile CountDownLatch stopped = new CountDownLatch(0);

	private final boolean enabled;

	/**
	 * @param enabled false when there is no cache to keep (SESSION_CACHE_SIZE=0): it is
	 * then never started
	 */
	SessionChangeListener(DedicatedConnections connections, SessionCache cache, Duration heartbeat, boolean enabled) {
		this.connections = connections;
		this.cache = cache;
		this.heartbeat = heartbeat;
		this.enabled = enabled;
	}

	@Override
	public boolean isAutoStartup() {
		return this.enabled;
	}

	@Override
	public void start() {
		this.stopped = new CountDownLatch(1);
		this.running = true;
		this.thread = Thread.ofPlatform().daemon().name("session-change-listener").start(this::listenUntilStopped);
	}

	@Override
	public void stop() {
		this.running = false;
		this.stopped.countDown();
		Thread listener = this.thread;
		if (listener != null) {
			try {
				// It notices within one heartbeat, the longest it waits for
				// notifications.
				listener.join(this.heartbeat.multipliedBy(2));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.cache.notListening();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * How many notifications other than heartbeats have arrived: for metrics and tests.
	 */
	long notifications() {
		return this.notifications.get();
	}

	/**
	 * How many times the channel was listened to: more than once after a reconnection.
	 */
	long listens() {
		return this.listens.get();
	}

	private void listenUntilStopped() {
		while (this.running) {
			try (Connection connection = this.connections.open(APPLICATION_NAME, this.heartbeat.multipliedBy(5))) {
				listen(connection);
			}
			catch (SQLException | RuntimeException ex) {
				this.cache.notListening();
				if (this.running && !this.outageLogged) {
					logger.warn(
							"event=session_cache_untrusted reason=\"{}\": authenticated requests ask the "
									+ "database until session changes can be listened to again",
							ex.getClass().getSimpleName());
				}
				this.outageLogged = true;
			}
			if (this.running) {
				awaitStopOrRetry();
			}
		}
	}

	private void listen(Connection connection) throws SQLException {
		PGConnection notifying = connection.unwrap(PGConnection.class);
		try (Statement statement = connection.createStatement();
				PreparedStatement heartbeat = connection.prepareStatement("select pg_notify(?, ?)")) {
			statement.execute("listen " + CHANNEL);
			this.cache.listening();
			this.listens.incrementAndGet();
			this.outageLogged = false;
			logger.info("event=session_cache_listening channel={}", CHANNEL);
			heartbeat.setString(1, CHANNEL);
			heartbeat.setString(2, this.heartbeatPayload);
			long heartbeatNanos = this.heartbeat.toNanos();
			long nextHeartbeat = System.nanoTime();
			while (this.running) {
				long now = System.nanoTime();
				if (now - nextHeartbeat >= 0) {
					heartbeat.execute();
					nextHeartbeat = now + heartbeatNanos;
				}
				int waitMillis = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextHeartbeat - System.nanoTime()));
				PGNotification[] arrived = notifying.getNotifications(waitMillis);
				if (arrived != null) {
					for (PGNotification notification : arrived) {
						handle(notification.getParameter());
					}
				}
			}
		}
	}

	private void handle(String payload) {
		if (payload.equals(this.heartbeatPayload)) {
			this.cache.heartbeat();
			return;
		}
		if (payload.startsWith("h:")) {
			// Another instance's heartbeat.
			return;
		}
		try {
			if (payload.startsWith("s:")) {
				this.cache.evictSession(UUID.fromString(payload.substring(2)));
				this.notifications.incrementAndGet();
			}
			else if (payload.startsWith("u:")) {
				this.cache.evictUser(UUID.fromString(payload.substring(2)));
				this.notifications.incrementAndGet();
			}
		}
		catch (IllegalArgumentException ex) {
			// Not one of ours; someone else's NOTIFY on our channel changes nothing.
			logger.debug("Ignored a notification on {} that names no session or user", CHANNEL);
		}
	}

	private void awaitStopOrRetry() {
		try {
			this.stopped.await(this.heartbeat.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

}
