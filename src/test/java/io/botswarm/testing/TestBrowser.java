package io.botswarm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium under Selenium WebDriver, for tests of pages we serve ourselves. Both
 * binaries are Debian's: {@code chromium} and its {@code chromedriver} (package {@code
 * chromium-driver}), named explicitly so that Selenium Manager never looks for or downloads one;
 * {@code CHROMIUM} and {@code CHROMEDRIVER} name others. The driver accepts only local connections
 * (chromedriver's default) and {@link #open} only loopback pages.
 *
 * <p>Each browser gets a fresh temporary home (profile, caches, crash reports), deleted by {@link
 * #close}, so a test leaves nothing in {@code $HOME}.
 */
public final class TestBrowser implements AutoCloseable {

  private static final Duration PAGE_LOAD = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * Quiet below errors: Selenium warns at every start that it ships no DevTools binding for
   * Debian's Chromium version, which these tests never use (held here, as JUL keeps loggers
   * weakly).
   */
  private static final Logger CDP_VERSION_FINDER =
      quiet(Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"));

  private final Path home;
  private final ChromeDriver driver;

  /** {@code $CHROMIUM} or Debian's {@code /usr/bin/chromium}. */
  public static Path chromium() {
    return fromEnv("CHROMIUM", "/usr/bin/chromium");
  }

  /** {@code $CHROMEDRIVER} or Debian's {@code /usr/bin/chromedriver}. */
  public static Path chromedriver() {
    return fromEnv("CHROMEDRIVER", "/usr/bin/chromedriver");
  }

  /** What of the browser is not installed, with how to install it; empty when both are. */
  public static Optional<String> missing() {
    if (!Files.isExecutable(chromium()))
      return Optional.of(
          "no Chromium at "
              + chromium()
              + ": install it with `apt-get install chromium` (Debian), or point CHROMIUM at one");
    if (!Files.isExecutable(chromedriver()))
      return Optional.of(
          "no chromedriver at "
              + chromedriver()
              + ": install it with `apt-get install chromium-driver` (Debian), or point"
              + " CHROMEDRIVER at one");
    return Optional.empty();
  }

  /**
   * Skips the calling test when the browser is not installed, or fails it when {@code
   * CI_REQUIRE_BROWSER=1} (CI requires the page tests to run).
   */
  public static void assumeInstalled() {
    missing()
        .ifPresent(
            why -> {
              if (requiredByCi()) Assertions.fail(why + "; CI_REQUIRE_BROWSER=1 requires it");
              Assumptions.abort(why + "; the page test is skipped");
            });
  }

  /** Whether CI requires the browser ({@code CI_REQUIRE_BROWSER=1}) instead of skipping. */
  public static boolean requiredByCi() {
    return "1".equals(System.getenv("CI_REQUIRE_BROWSER"));
  }

  /** Starts chromedriver and a headless Chromium with a blank page. */
  public static TestBrowser launch() {
    Path home;
    try {
      home = Files.createTempDirectory("test-browser");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a home directory for chromium", e);
    }
    try {
      return new TestBrowser(home);
    } catch (RuntimeException e) {
      Trees.deleteTree(home);
      throw e;
    }
  }

  private TestBrowser(Path home) {
    this.home = home;
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver().toFile())
            .usingAnyFreePort()
            // Chromium keeps crash reports and caches under the XDG directories, not the profile.
            .withEnvironment(
                Map.of(
                    "XDG_CONFIG_HOME", home.resolve("config").toString(),
                    "XDG_CACHE_HOME", home.resolve("cache").toString()))
            .build();
    var options = new ChromeOptions();
    options.setBinary(chromium().toFile());
    options.addArguments(
        "--headless",
        // Tests run as root in CI, where Chromium's sandbox cannot start.
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-component-update",
        // A desktop-sized viewport, so that screenshots show the page as a person sees it.
        "--window-size=1280,900",
        "--user-data-dir=" + home.resolve("profile"));
    options.setPageLoadTimeout(PAGE_LOAD);
    var logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    this.driver = new ChromeDriver(service, options);
  }

  public WebDriver driver() {
    return driver;
  }

  /** Opens {@code url} (on 127.0.0.1 or localhost) and returns once it has loaded. */
  public void open(String url) {
    URI uri = URI.create(url);
    boolean loopback =
        ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()));
    if (!loopback)
      throw new IllegalArgumentException("the test browser only opens pages on 127.0.0.1: " + url);
    driver.get(url);
  }

  /** Selenium's wait on this page, polling every 100 ms until {@code timeout}. */
  public WebDriverWait waitUpTo(Duration timeout) {
    return new WebDriverWait(driver, timeout, POLL);
  }

  /**
   * For a failed test: saves what the page shows as {@code png} (creating its directories) and
   * returns where it is, with the page's recent console messages and uncaught exceptions.
   */
  public String report(Path png) {
    String shot;
    try {
      Path parent = png.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
      shot = "screenshot of the page: " + png.toAbsolutePath();
    } catch (IOException | WebDriverException e) {
      shot = "no screenshot: " + e.getMessage().lines().findFirst().orElse("");
    }
    List<String> log;
    try {
      log =
          driver.manage().logs().get(LogType.BROWSER).getAll().stream()
              .map(LogEntry::toString)
              .toList();
    } catch (WebDriverException e) {
      log = List.of("(no log: " + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    return shot
        + (log.isEmpty()
            ? "\nthe page logged nothing"
            : "\nthe page's log:\n  " + String.join("\n  ", log));
  }

  /** Ends the session (which stops Chromium and chromedriver) and deletes the home. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      Trees.deleteTree(home);
    }
  }

  private static Logger quiet(Logger logger) {
    logger.setLevel(Level.SEVERE);
    return logger;
  }

  private static Path fromEnv(String variable, String debianPath) {
    String path = System.getenv(variable);
    return Path.of(path == null || path.isBlank() ? debianPath : path);
  }
}
