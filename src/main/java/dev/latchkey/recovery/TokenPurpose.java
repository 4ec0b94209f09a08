package dev.latchkey.recovery;

/** What a mailed token may be used for, and nothing else. */
enum TokenPurpose {

	RESET_PASSWORD("reset_password"),

	VERIFY_EMAIL("verify_email"),

	/** Confirms a new address for an account; the token row names the address. */
	CHANGE_EMAIL("change_email");

	private final String column;

	TokenPurpose(String column) {
		this.column = column;
	}

	String column() {
		return this.column;
	}

	static TokenPurpose ofColumn(String column) {
		for (TokenPurpose purpose : values()) {
			if (purpose.column.equals(column)) {
				return purpose;
			}
		}
		throw new IllegalArgumentException("Unknown token purpose " + column);
	}

}
