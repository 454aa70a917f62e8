package dev.mode.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one web page the server has, Swagger UI, loaded in a real headless browser: the page's scripts must fetch the
 * OpenAPI document and render MODE's operations. Needs Chromium or Chrome ({@code MODE_TEST_BROWSER}, else the usual
 * names on the PATH); without one the test is skipped and says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwaggerUiBrowserIT {
  private ConfigurableApplicationContext server;
  private String base;
  private Path profile;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    server = TestIndex.serve(dir, Map.of("server.api-keys", "browser-test-key"));
    base = TestIndex.baseUrl(server);
    profile = Files.createDirectories(dir.resolve("browser-profile"));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void swaggerUiRendersTheApiInABrowser() throws Exception {
    Optional<Path> browser = browser();
    Assumptions.assumeTrue(browser.isPresent(), "no Chromium or Chrome found (set MODE_TEST_BROWSER)");
    String dom = dumpDom(browser.get(), base + "/swagger-ui.html");
    // rendered by the page's scripts from /v3/api-docs: none of it is in the HTML the server sends
    assertThat(dom).contains("opblock").contains("/api/v1/ask").contains("/api/v1/search")
        .contains("/api/v1/documents");
    assertThat(dom).doesNotContain("Failed to load API definition");
  }

  /** The page's DOM once its scripts have run (headless, with a budget of virtual time for them). */
  private String dumpDom(Path browser, String url) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=15000", "--dump-dom", url)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the browser did not finish within 120 s");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private static Optional<Path> browser() {
    String named = System.getenv("MODE_TEST_BROWSER");
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named));
    }
    List<String> names = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(path.split(java.io.File.pathSeparator)).filter(d -> !d.isEmpty())
        .flatMap(d -> names.stream().map(n -> Path.of(d, n))).filter(Files::isExecutable).findFirst();
  }
}
