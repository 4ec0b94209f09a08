package dev.latchkey.support;

/** Closes what a test class started, in order, skipping what never started. */
public final class Closing {

	private Closing() {
	}

	public static void all(AutoCloseable... resources) throws Exception {
		for (AutoCloseable resource : resources) {
			if (resource != null) {
				resource.close();
			}
		}
	}

}
