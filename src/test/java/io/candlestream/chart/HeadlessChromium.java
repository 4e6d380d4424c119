package io.candlestream.chart;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium through its chromedriver, for the browser tests. Installs nothing: without them the test
 * is skipped with a message outside CI, and fails in CI ({@code CI=true}), where {@code scripts/install-test-tools.sh}
 * must have installed them.
 */
final class HeadlessChromium {

    private static final List<Path> BROWSERS = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
    private static final List<Path> DRIVERS = List.of(Path.of("/usr/bin/chromedriver"),
            Path.of("/usr/lib/chromium/chromedriver"));

    private HeadlessChromium() {}

    /** A headless browser with a 1400×900 window; the caller quits it. */
    static ChromeDriver start() {
        Path browser = find(BROWSERS);
        Path driver = find(DRIVERS);
        if (browser == null || driver == null) {
            String message = "Debian's chromium and chromium-driver are not installed (looked for " + BROWSERS + " and "
                    + DRIVERS + "); run scripts/install-test-tools.sh as root";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + ": in CI the test command (scripts/test.sh) installs them, so their absence is a failure");
            }
            assumeTrue(false, message);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        // --no-sandbox: CI runs as root, where chromium refuses its sandbox.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,900", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Path find(List<Path> candidates) {
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }
}
