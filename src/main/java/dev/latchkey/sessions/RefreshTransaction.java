package dev.latchkey.sessions;

import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

/**
 * The transaction of a refresh, on its JDBC connection alone. Every statement of a
 * refresh is SQL ({@link RefreshChains}), so the JPA transaction manager that the other
 * transactions run under would open, flush and close a Hibernate session for nothing on
 * the busiest write of the service. It is not a bean of its own: one more transaction
 * manager bean would make Spring Boot stop configuring the JPA one. Connections,
 * synchronizations and events after commit work as under the JPA manager, since both bind
 * the connection of the one DataSource.
 * <p>
 * A refusal commits what it caused before it is thrown: a reused token's session ends for
 * every holder of the chain.
 */
@Component
class RefreshTransaction {

	private final DataSourceTransactionManager transactions;

	RefreshTransaction(DataSource dataSource) {
		this.transactions = new DataSourceTransactionManager(dataSource);
	}

	<T> T run(Supplier<T> work) {
		TransactionStatus status = this.transactions.getTransaction(TransactionDefinition.withDefaults());
		T result;
		try {
			result = work.get();
		}
		catch (RefreshTokenRejected rejected) {
			this.transactions.commit(status);
			throw rejected;
		}
		catch (RuntimeException | Error ex) {
			this.transactions.rollback(status);
			throw ex;
		}
		this.transactions.commit(status);
		return result;
	}

}
