package dev.latchkey.browser;

import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test frontend (src/test/resources/browser/frontend.html), as the test's hands on
 * it.
 */
record Frontend(Chromium chromium) {

	/** What the frontend page showed after a button press. */
	record Answer(String action, String status, String body) {

		JsonNode json() {
			return JsonMapper.shared().readTree(this.body);
		}

	}

	static Frontend open(Chromium chromium, StaticSite site, int apiPort) {
		chromium.driver().get(site.url("localhost", "frontend.html", Map.of("api", "http://localhost:" + apiPort)));
		chromium.waiting().until((driver) -> driver.findElement(By.id("api")).getText().startsWith("http"));
		return new Frontend(chromium);
	}

	void fill(String email, String password, String fullName) {
		type("email", email);
		type("password", password);
		type("full-name", fullName);
	}

	Answer press(String button) {
		int before = count();
		this.chromium.driver().findElement(By.id(button)).click();
		this.chromium.waiting().until((driver) -> count() > before);
		WebElement result = this.chromium.driver().findElement(By.id("result"));
		return new Answer(result.getDomAttribute("data-action"), result.getDomAttribute("data-status"),
				this.chromium.driver().findElement(By.id("body")).getText());
	}

	Cookie cookie(String name) {
		return this.chromium.driver().manage().getCookieNamed(name);
	}

	Object documentCookie() {
		return this.chromium.driver().executeScript("return document.cookie");
	}

	private int count() {
		return Integer.parseInt(this.chromium.driver().findElement(By.id("result")).getDomAttribute("data-count"));
	}

	private void type(String id, String text) {
		WebElement input = this.chromium.driver().findElement(By.id(id));
		input.clear();
		input.sendKeys(text);
	}

}
