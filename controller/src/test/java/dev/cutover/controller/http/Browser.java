package dev.cutover.controller.http;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Headless Chromium from the system's packages ({@code chromium}, {@code chromium-driver}; {@code .ci/run} installs
 * them), driven through the system chromedriver: Selenium never downloads a browser or a driver. The flags keep the
 * browser off the network (this machine has none beyond loopback) and out of the user's profile.
 */
final class Browser {

    static final Path CHROMIUM = Path.of(System.getProperty("cutover.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("cutover.chromedriver", "/usr/bin/chromedriver"));

    private Browser() {
    }

    /** A new headless browser with its own empty profile under {@code profile}; quit it after use. */
    static WebDriver start(Path profile) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the console's browser tests need Chromium and its driver at " + CHROMIUM
                    + " and " + CHROMEDRIVER + ": install the Debian packages chromium and chromium-driver"
                    + " (apt-get install chromium chromium-driver; .ci/run does), or point -Dcutover.chromium and"
                    + " -Dcutover.chromedriver at them");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1600,1100", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Writes a PNG of what the browser shows to {@code file} (its folder is created). */
    static Path screenshot(WebDriver driver, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        return Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
