package dev.latchkey.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that drives the system's headless Chromium. Without Chromium and
 * chromedriver the whole class is reported as skipped, with the reason and the command
 * that installs them; .ci/run installs them, so in CI these tests always run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
@ExtendWith(Chromium.Installed.class)
public @interface BrowserTest {

}
