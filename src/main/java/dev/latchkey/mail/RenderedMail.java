package dev.latchkey.mail;

/**
 * A template filled in: what the recipient will read. Never logged: it holds single-use
 * links.
 */
record RenderedMail(String subject, String text, String html) {

	@Override
	public String toString() {
		return "RenderedMail[****]";
	}

}
