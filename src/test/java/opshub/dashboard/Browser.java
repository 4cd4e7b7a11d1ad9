package opshub.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through chromedriver, with a fresh profile, and the
 * dashboard's own conventions: sign in, open a page and wait until it has loaded, screenshot.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");

    private final WebDriver driver;
    private final String base;
    private final Path profile;

    private Browser(WebDriver driver, String base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    /** Skips the calling test (JUnit assumption) when Chromium is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "end-to-end tests skipped: install Debian's chromium and chromium-driver packages"
                        + " (apt-get install -y chromium chromium-driver)");
    }

    static Browser open(String base) throws IOException {
        Path profile = Files.createTempDirectory("opshub-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new Browser(new ChromeDriver(service, options), base, profile);
    }

    WebDriver driver() {
        return driver;
    }

    /** A fresh tab state: no token, no time travel. */
    void signIn(String token) {
        driver.get(base);
        script("sessionStorage.clear()");
        driver.navigate().refresh();
        type(By.id("token-input"), token);
        driver.findElement(By.id("login-button")).click();
        awaitPage("overview");
    }

    void go(String hash, String page) {
        script("location.hash = arguments[0]", hash);
        awaitPage(page);
    }

    /** Waits until the page {@code name} has loaded (its data-ready flag). */
    WebElement awaitPage(String name) {
        try {
            return await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                    "#page[data-page='" + name + "'][data-ready='true']")));
        } catch (TimeoutException e) {
            screenshot("not-loaded-" + name);
            throw new AssertionError("page " + name + " did not load; the page shows: "
                    + driver.findElement(By.tagName("body")).getText() + "; console: "
                    + driver.manage().logs().get(LogType.BROWSER).getAll(), e);
        }
    }

    WebDriverWait await() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    void type(By field, String text) {
        WebElement input = await().until(ExpectedConditions.visibilityOfElementLocated(field));
        input.clear();
        input.sendKeys(text);
    }

    Object script(String code, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(code, args);
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
