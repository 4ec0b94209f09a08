package dev.latchkey.web;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Tells a failure caused by losing the database from one caused by the request or a bug.
 * First by the SQLSTATE PostgreSQL or its driver gave: class 08 (connection exception),
 * 57P (server shutting down or starting) and 53 (out of connections or memory). When a
 * connection dies mid-transaction, though, the failure that surfaces is often the
 * rollback's, which carries no such state; for a data-access failure without one, the
 * database itself is asked.
 */
@Component
class DatabaseOutage {

	private final DataSource dataSource;

	DatabaseOutage(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	boolean explains(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && isOutageState(sql.getSQLState())) {
				return true;
			}
		}
		if (!(failure instanceof DataAccessException || failure instanceof TransactionException)) {
			return false;
		}
		try (Connection connection = this.dataSource.getConnection()) {
			return !connection.isValid(1);
		}
		catch (SQLException ex) {
			return true;
		}
	}

	private static boolean isOutageState(String sqlState) {
		return sqlState != null
				&& (sqlState.startsWith("08") || sqlState.startsWith("57P") || sqlState.startsWith("53"));
	}

}
