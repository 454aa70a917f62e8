package dev.mode.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A server whose {@code server.request-timeout} (1 ms) passes before any answer is ready. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTimeoutIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private ConfigurableApplicationContext server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private String base;
  private Path index;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    server = TestIndex.serve(dir, Map.of("server.request-timeout", "1ms"));
    base = TestIndex.baseUrl(server);
    index = dir.resolve("index");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> ask(String accept) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ask")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").header("Accept", accept)
        .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"Which cities did Vesuvius bury?\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aStreamThatTimesOutEndsWithAnErrorEvent() throws Exception {
    var r = ask("text/event-stream");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String[]> events = ApiIT.parseSse(r.body());
    assertThat(events).as(r.body()).isNotEmpty();
    assertThat(events).noneMatch(e -> e[0].equals("answer"));
    String[] last = events.get(events.size() - 1);
    assertThat(last[0]).as(r.body()).isEqualTo("error");
    JsonNode problem = JSON.readTree(last[1]);
    assertThat(problem.get("status").asInt()).isEqualTo(503);
    assertThat(problem.get("detail").asString()).contains("server.request-timeout");
    assertThat(events.stream().filter(e -> e[0].equals("error")).count()).isEqualTo(1);
  }

  @Test
  void aJsonAnswerThatTimesOutIs503() throws Exception {
    var r = ask("application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
  }

  /** A 503 means the add changed nothing, even after the work the request started has had time to finish. */
  @Test
  void aDocumentAddThatTimesOutChangesNothing() throws Exception {
    String live = java.nio.file.Files.readString(index.resolve("CURRENT"));
    var r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/documents")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"id\":\"late.txt\",\"text\":\"A document whose add outlives the request timeout.\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(JSON.readTree(r.body()).get("detail").asString()).contains("changed nothing");
    Thread.sleep(3000);
    assertThat(java.nio.file.Files.readString(index.resolve("CURRENT"))).isEqualTo(live);
  }
}
