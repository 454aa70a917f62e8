package dev.mode.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.config.ModeConfig;
import dev.mode.core.index.IndexLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API end to end: a real server on a random port over a real index built from a small corpus. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiIT {
  private static final String KEY = "test-key-1";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long MAX_UPLOAD = 100_000;

  private Path corpus;
  private Path indexDir;
  private ConfigurableApplicationContext server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private String base;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    corpus = TestIndex.writeCorpus(dir);
    ModeConfig config = TestIndex.config(dir, Map.of("server.api-keys", KEY + ",other-key",
        "server.max-upload-bytes", Long.toString(MAX_UPLOAD)));
    TestIndex.build(config, corpus);
    indexDir = config.index().dir();
    server = ModeServer.start(config);
    base = "http://127.0.0.1:" + ModeServer.port(server);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder post(String path, String json) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", KEY)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", KEY).GET();
  }

  private static JsonNode json(HttpResponse<String> r) {
    return JSON.readTree(r.body());
  }

  private static void assertProblem(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    JsonNode p = json(r);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("title").asString()).isNotBlank();
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  @Order(1)
  void asksWithCitationsRoutingAndTimings() throws Exception {
    var r = send(post("/api/v1/ask", "{\"question\":\"Which cities did Vesuvius bury?\",\"experts\":1,\"passages\":3}"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode a = json(r);
    assertThat(a.get("text").asString()).containsIgnoringCase("Pompeii");
    assertThat(a.get("citations").get(0).get("docId").asString()).isEqualTo("volcanoes/vesuvius.md");
    assertThat(a.get("routing").get("chosen")).hasSize(1);
    assertThat(a.get("timings").get("totalMs").asDouble()).isPositive();
  }

  @Test
  @Order(2)
  void streamsRoutingTokensAndTheFinalAnswer() throws Exception {
    var r = send(post("/api/v1/ask", "{\"question\":\"When did Apollo 11 land on the Moon?\"}")
        .header("Accept", "text/event-stream"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    List<String[]> events = parseSse(r.body());
    assertThat(events).isNotEmpty();
    assertThat(events.get(0)[0]).isEqualTo("routing");
    assertThat(JSON.readTree(events.get(0)[1]).get("chosen")).isNotEmpty();
    StringBuilder text = new StringBuilder();
    events.stream().filter(e -> e[0].equals("token")).forEach(e -> text.append(JSON.readTree(e[1]).get("text").asString()));
    String[] last = events.get(events.size() - 1);
    assertThat(last[0]).isEqualTo("answer");
    JsonNode answer = JSON.readTree(last[1]);
    assertThat(text.toString()).isNotEmpty().isEqualTo(answer.get("text").asString());
    assertThat(answer.get("citations")).isNotEmpty();
    assertThat(answer.get("text").asString()).contains("1969");
  }

  /** Server-Sent Events as (event name, data) pairs. */
  static List<String[]> parseSse(String body) {
    List<String[]> events = new ArrayList<>();
    String name = "message";
    StringBuilder data = new StringBuilder();
    for (String line : body.split("\r?\n", -1)) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          events.add(new String[] {name, data.toString()});
        }
        name = "message";
        data.setLength(0);
      } else if (line.startsWith("event:")) {
        name = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        if (!data.isEmpty()) {
          data.append('\n');
        }
        data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
      }
    }
    return events;
  }

  @Test
  @Order(3)
  void searchesWithFiltersOfPassagesAndExperts() throws Exception {
    var r = send(post("/api/v1/search", "{\"query\":\"sourdough starter yeast\",\"passages\":2}"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode s = json(r);
    assertThat(s.get("hits").size()).isBetween(1, 2);
    assertThat(s.get("hits").get(0).get("docId").asString()).isEqualTo("cooking/bread.md");
  }

  @Test
  @Order(4)
  void listsExpertsWithSizesLabelsAndQueryLoad() throws Exception {
    var r = send(get("/api/v1/experts"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode e = json(r);
    assertThat(e.get("experts")).hasSize(3);
    long passages = 0;
    long queries = 0;
    for (JsonNode x : e.get("experts")) {
      passages += x.get("passages").asLong();
      queries += x.get("queries").asLong();
      assertThat(x.get("label").asString()).isNotBlank();
    }
    // the index's passages are distinct; an expert's include copies of passages near a cluster boundary
    assertThat(e.get("passages").asLong()).isPositive();
    assertThat(passages).isBetween(e.get("passages").asLong(), 2 * e.get("passages").asLong());
    assertThat(queries).isPositive(); // the asks and searches above were routed
  }

  @Test
  @Order(5)
  void uploadedDocumentIsFoundAndDeletedDocumentIsGone() throws Exception {
    var body = multipart("file", "glaciers.md", "# Glaciers\nThe Perito Moreno glacier in Patagonia advances "
        .concat("across Lago Argentino and calves icebergs.").getBytes(StandardCharsets.UTF_8));
    var r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/documents")).header("X-API-Key", KEY)
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(json(r).get("id").asString()).isEqualTo("glaciers.md");
    assertThat(json(r).get("passages").asLong()).isPositive();

    var found = json(send(post("/api/v1/search", "{\"query\":\"Perito Moreno glacier Patagonia\",\"experts\":3}")));
    assertThat(found.get("hits").get(0).get("docId").asString()).isEqualTo("glaciers.md");

    var added = send(post("/api/v1/documents", "{\"id\":\"notes/tides.txt\",\"title\":\"Tides\","
        + "\"text\":\"Spring tides happen when the Sun and the Moon line up with the Earth.\"}"));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

    var deleted = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/documents/glaciers.md"))
        .header("X-API-Key", KEY).DELETE());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    var deletedNested = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/documents/notes/tides.txt"))
        .header("X-API-Key", KEY).DELETE());
    assertThat(deletedNested.statusCode()).as(deletedNested.body()).isEqualTo(204);

    var after = json(send(post("/api/v1/search", "{\"query\":\"Perito Moreno glacier Patagonia\",\"experts\":3}")));
    for (JsonNode h : after.get("hits")) {
      assertThat(h.get("docId").asString()).isNotIn("glaciers.md", "notes/tides.txt");
    }
    assertProblem(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/documents/glaciers.md"))
        .header("X-API-Key", KEY).DELETE()), 404);
  }

  private static final String BOUNDARY = "mode-test-boundary";

  private static byte[] multipart(String field, String fileName, byte[] content) throws IOException {
    var out = new ByteArrayOutputStream();
    out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.write(content);
    out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  @Order(6)
  void badInputsAnswerProblemDocuments() throws Exception {
    assertProblem(send(post("/api/v1/ask", "{\"question\":\"\"}")), 400);
    assertProblem(send(post("/api/v1/ask", "{\"question\":\"" + "why ".repeat(1000) + "\"}")), 400);
    var malformed = send(post("/api/v1/ask", "{\"question\": \"unterminated"));
    assertProblem(malformed, 400);
    assertThat(json(malformed).get("detail").asString()).contains("not valid JSON");
    assertProblem(send(post("/api/v1/ask", "{\"question\":\"ok\",\"experts\":0}")), 400);
    assertProblem(send(post("/api/v1/search", "{}")), 400);
    assertProblem(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ask")).header("X-API-Key", KEY)
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("why?"))), 415);
    byte[] big = multipart("file", "big.txt", "x".repeat((int) MAX_UPLOAD + 10).getBytes(StandardCharsets.UTF_8));
    assertProblem(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/documents")).header("X-API-Key", KEY)
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(big))), 413);
    // a chunked body (no Content-Length) is cut off at the limit too
    String hugeJson = "{\"id\":\"big\",\"text\":\"" + "y".repeat((int) MAX_UPLOAD + 10) + "\"}";
    assertProblem(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/documents")).header("X-API-Key", KEY)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(hugeJson.getBytes(StandardCharsets.UTF_8))))), 413);
    assertProblem(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/search"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"x\"}"))), 401);
    assertProblem(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/search")).header("X-API-Key", "wrong")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"x\"}"))), 401);
    assertProblem(send(get("/api/v1/no-such-thing")), 404);
    assertProblem(send(get("/api/v1/index/jobs/unknown")), 404);
    assertProblem(send(post("/api/v1/index/jobs", "{\"paths\":[]}")), 400);
  }

  @Test
  @Order(7)
  void streamingRefusesABadQuestionWithAProblem() throws Exception {
    assertProblem(send(post("/api/v1/ask", "{\"question\":\" \"}").header("Accept", "text/event-stream")), 400);
  }

  @Test
  @Order(8)
  void thirtyTwoConcurrentAsksAllSucceed() throws Exception {
    List<Callable<Integer>> calls = new ArrayList<>();
    String[] questions = {"Which cities did Vesuvius bury?", "How is risotto cooked?", "What is Olympus Mons?",
        "When was the Krakatoa eruption?"};
    for (int i = 0; i < 32; i++) {
      String q = questions[i % questions.length];
      calls.add(() -> send(post("/api/v1/ask", "{\"question\":\"" + q + "\"}")).statusCode());
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        codes.add(f.get());
      }
      assertThat(codes).hasSize(32).containsOnly(200);
    }
  }

  @Test
  @Order(9)
  void healthMetricsAndOpenApi() throws Exception {
    var health = send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).GET());
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(json(health).get("status").asString()).isEqualTo("UP");
    assertThat(json(health).get("components").get("mode").get("details").get("experts").asInt()).isEqualTo(3);

    var prometheus = send(get("/actuator/prometheus"));
    assertThat(prometheus.statusCode()).as(prometheus.body()).isEqualTo(200);
    assertThat(prometheus.body()).contains("mode_expert_queries_total{expert=\"")
        .contains("mode_gate_latency_seconds").contains("mode_retrieval_latency_seconds")
        .contains("mode_ask_first_token_seconds").contains("mode_generation_tokens_per_second");
    assertProblem(send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).GET()), 401);

    var openapi = send(HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).GET());
    assertThat(openapi.statusCode()).as(openapi.body()).isEqualTo(200);
    var paths = json(openapi).get("paths");
    // one path, two representations each: the document lists both
    assertThat(paths.get("/api/v1/ask").get("post").get("responses").get("200").get("content").propertyNames())
        .contains("application/json", "text/event-stream");
    assertThat(paths.get("/api/v1/documents").get("post").get("requestBody").get("content").propertyNames())
        .contains("application/json", "multipart/form-data");
    var ui = send(HttpRequest.newBuilder(URI.create(base + "/swagger-ui/index.html")).GET());
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("swagger-ui");
  }

  @Test
  @Order(10)
  void indexJobRebuildsTheIndexAndReportsProgress() throws Exception {
    var r = send(post("/api/v1/index/jobs", "{\"paths\":[\"" + corpus.toString().replace("\\", "\\\\")
        + "\"],\"exclude\":[\"cooking/**\"]}"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String id = json(r).get("id").asString();
    assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/api/v1/index/jobs/" + id);
    JsonNode job = json(r);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!job.get("state").asString().equals("succeeded") && !job.get("state").asString().equals("failed")
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
      job = json(send(get("/api/v1/index/jobs/" + id)));
    }
    assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
    assertThat(job.get("documents").asLong()).isEqualTo(5);
    assertThat(job.get("stage").asString()).isNotBlank();
    var experts = json(send(get("/api/v1/experts")));
    assertThat(experts.get("documents").asLong()).isEqualTo(5);
    var hits = json(send(post("/api/v1/search", "{\"query\":\"risotto arborio rice\",\"experts\":3}"))).get("hits");
    for (JsonNode h : hits) {
      assertThat(h.get("docId").asString()).doesNotStartWith("cooking/");
    }
  }

  private HttpResponse<String> noKey(String method, String path, String json) throws IOException, InterruptedException {
    var b = HttpRequest.newBuilder(URI.create(base + path));
    if (json == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return send(b);
  }

  private HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", KEY).DELETE());
  }

  @Test
  @Order(11)
  void theKeyIsNeededHoweverThePathIsSpelt() throws Exception {
    // each spelling reaches a real endpoint when the key is given...
    assertThat(send(get("/api;x=1/v1/experts")).statusCode()).isEqualTo(200);
    assertThat(send(get("/%61pi/v1/experts")).statusCode()).isEqualTo(200);
    // ...and none of them gets past the key check without it
    for (String path : List.of("/api;x=1/v1/experts", "/%61pi/v1/experts", "//api/v1/experts", "/api//v1/experts",
        "/api/v1;x/experts", "/%61ctuator/prometheus", "/actuator;x/prometheus", "//actuator/prometheus",
        "/actuator/health;x/../prometheus", "/v3/api-docs/../../api/v1/experts")) {
      var r = noKey("GET", path, null);
      assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(400, 401);
      assertProblem(r, r.statusCode());
    }
    String doc = "{\"id\":\"bypass.txt\",\"text\":\"This document must never be indexed without a key.\"}";
    for (String path : List.of("/api;x/v1/documents", "/%61pi/v1/documents", "//api/v1/documents")) {
      assertProblem(noKey("POST", path, doc), 401);
    }
    for (String path : List.of("/api;x/v1/documents/volcanoes/vesuvius.md", "/%61pi/v1/documents/volcanoes/vesuvius.md",
        "/api//v1/documents/volcanoes/vesuvius.md")) {
      assertProblem(noKey("DELETE", path, null), 401);
    }
    var hits = json(send(post("/api/v1/search", "{\"query\":\"Vesuvius Pompeii\",\"experts\":3}"))).get("hits");
    assertThat(hits.get(0).get("docId").asString()).isEqualTo("volcanoes/vesuvius.md");
    assertProblem(delete("/api/v1/documents/bypass.txt"), 404);
    // the documented open paths stay open
    assertThat(noKey("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
    assertThat(noKey("GET", "/v3/api-docs", null).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(12)
  void problemsWrittenByFiltersHaveNoNullMembers() throws Exception {
    var unauthorized = noKey("GET", "/api/v1/experts", null);
    assertProblem(unauthorized, 401);
    assertThat(unauthorized.body()).doesNotContain("null").doesNotContain("properties");
    assertThat(json(unauthorized).get("instance").asString()).isEqualTo("/api/v1/experts");
    var tooLarge = send(post("/api/v1/documents", "{\"id\":\"big\",\"text\":\"" + "z".repeat((int) MAX_UPLOAD) + "\"}"));
    assertProblem(tooLarge, 413);
    assertThat(tooLarge.body()).doesNotContain("null").doesNotContain("properties");
  }

  @Test
  @Order(13)
  void dotSegmentsAndEncodedSlashesAnswerProblems() throws Exception {
    var health = send(get("/actuator/health/%2e%2e/prometheus"));
    assertProblem(health, 400);
    assertProblem(send(get("/actuator/health/%2E/mode")), 400);
    assertProblem(delete("/api/v1/documents/nothing%2Fhere"), 404);
    var added = send(post("/api/v1/documents", "{\"id\":\"enc/slash.txt\",\"text\":\"Encoded slashes in ids.\"}"));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(delete("/api/v1/documents/enc%2Fslash.txt").statusCode()).isEqualTo(204);
    assertProblem(delete("/api/v1/documents/enc/slash.txt"), 404);
  }

  @Test
  @Order(13)
  void urlsTomcatCannotDecodeAnswerProblems() throws Exception {
    // java.net.URI refuses these, so the request line goes over a plain socket
    for (String path : List.of("/api/v1/documents/%zz", "/api/v1/documents/%c0%af", "/%")) {
      String[] response = rawGet(path);
      assertThat(response[0]).as(path).matches("(?s)HTTP/1\\.[01] 400 .*");
      assertThat(response[0].toLowerCase(java.util.Locale.ROOT)).as(path)
          .contains("content-type: application/problem+json");
      JsonNode p = JSON.readTree(response[1]);
      assertThat(p.get("status").asInt()).isEqualTo(400);
      assertThat(p.get("detail").asString()).contains("%-escapes");
      assertThat(response[1]).doesNotContain("<html").doesNotContain("Exception");
    }
  }

  /** Sends {@code GET path} as written, with the key; returns the status line and headers, and the body. */
  private String[] rawGet(String path) throws IOException {
    try (var socket = new java.net.Socket("127.0.0.1", ModeServer.port(server))) {
      socket.setSoTimeout(30_000);
      // HTTP/1.0, so that the body comes back whole rather than chunked
      String request = "GET " + path + " HTTP/1.0\r\nHost: localhost\r\nX-API-Key: " + KEY + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int split = all.indexOf("\r\n\r\n");
      return new String[] {all.substring(0, split), all.substring(split + 4)};
    }
  }

  @Test
  @Order(14)
  void documentIdsThatNeedEscapingGetAWorkingLocation() throws Exception {
    var added = send(post("/api/v1/documents", "{\"id\":\"reports/my report 50%;v=\\\"2\\\" <draft>.txt\","
        + "\"text\":\"Quarterly tide tables for the northern harbour.\"}"));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    String location = added.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo("/api/v1/documents/reports/my%20report%2050%25%3Bv=%222%22%20%3Cdraft%3E.txt");
    assertThat(json(added).get("id").asString()).isEqualTo("reports/my report 50%;v=\"2\" <draft>.txt");
    assertThat(delete(location).statusCode()).isEqualTo(204);
    assertProblem(delete(location), 404);

    var body = multipart("file", "my report.txt", "Notes on the harbour pilots' schedule.".getBytes(StandardCharsets.UTF_8));
    var uploaded = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/documents")).header("X-API-Key", KEY)
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    assertThat(uploaded.headers().firstValue("Location").orElseThrow()).isEqualTo("/api/v1/documents/my%20report.txt");
    assertThat(delete("/api/v1/documents/my%20report.txt").statusCode()).isEqualTo(204);

    // an id no request path could carry is refused before anything is written
    assertProblem(send(post("/api/v1/documents", "{\"id\":\"a/../b.txt\",\"text\":\"dots\"}")), 400);
    var experts = json(send(get("/api/v1/experts")));
    assertThat(experts.get("documents").asLong()).isEqualTo(5); // what the index job of test 10 left
  }

  @Test
  @Order(15)
  void nullValuesMalformedMultipartAndCoercedNumbersAreBadRequests() throws Exception {
    var filter = send(post("/api/v1/search", "{\"query\":\"volcano\",\"filters\":{\"lang\":null}}"));
    assertProblem(filter, 400);
    assertThat(json(filter).get("detail").asString()).contains("filters.lang");
    assertProblem(send(post("/api/v1/ask", "{\"question\":\"volcano?\",\"filters\":{\"lang\":null}}")), 400);
    assertProblem(send(post("/api/v1/ask", "{\"question\":\"volcano?\",\"filters\":{\"lang\":null}}")
        .header("Accept", "text/event-stream")), 400);
    var metadata = send(post("/api/v1/documents", "{\"id\":\"m.txt\",\"text\":\"meta\",\"metadata\":{\"k\":null}}"));
    assertProblem(metadata, 400);
    assertThat(json(metadata).get("detail").asString()).contains("metadata.k");

    var garbage = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/documents")).header("X-API-Key", KEY)
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
            + "filename=\"x.txt\"\r\n\r\nno closing boundary")));
    assertProblem(garbage, 400);
    var noBoundary = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/documents")).header("X-API-Key", KEY)
        .header("Content-Type", "multipart/form-data").POST(HttpRequest.BodyPublishers.ofString("hello")));
    assertProblem(noBoundary, 400);

    var fraction = send(post("/api/v1/ask", "{\"question\":\"volcano?\",\"experts\":1.7}"));
    assertProblem(fraction, 400);
    assertThat(json(fraction).get("detail").asString()).isEqualTo("'experts' must be an integer");
    var quoted = send(post("/api/v1/search", "{\"query\":\"volcano\",\"passages\":\"3\"}"));
    assertProblem(quoted, 400);
    assertThat(json(quoted).get("detail").asString()).isEqualTo("'passages' must be an integer");
    assertThat(send(post("/api/v1/search", "{\"query\":\"volcano\",\"passages\":3}")).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(16)
  void indexJobPathsMustBeExistingAbsolutePaths() throws Exception {
    String root = corpus.toString().replace("\\", "\\\\");
    var empty = send(post("/api/v1/index/jobs", "{\"paths\":[\"\"]}"));
    assertProblem(empty, 400);
    assertThat(json(empty).get("detail").asString()).contains("paths[0]");
    var nullEntry = send(post("/api/v1/index/jobs", "{\"paths\":[\"" + root + "\",null]}"));
    assertProblem(nullEntry, 400);
    assertThat(json(nullEntry).get("detail").asString()).contains("paths[1]");
    assertProblem(send(post("/api/v1/index/jobs", "{\"paths\":[\"corpus\"]}")), 400);
    assertProblem(send(post("/api/v1/index/jobs", "{\"paths\":[\"" + root + "/no-such-dir\"]}")), 400);
    assertProblem(send(post("/api/v1/index/jobs", "{\"paths\":[\"" + root + "\"],\"exclude\":[null]}")), 400);
  }

  @Test
  @Order(20)
  void documentUpdatesAreRefusedWhileAnIndexJobRuns() throws Exception {
    var r = send(post("/api/v1/index/jobs", "{\"paths\":[\"" + corpus.toString().replace("\\", "\\\\") + "\"]}"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String id = json(r).get("id").asString();
    var add = send(post("/api/v1/documents", "{\"id\":\"during-job.txt\",\"text\":\"Added while a job runs.\"}"));
    assertProblem(add, 409);
    assertThat(json(add).get("job").asString()).isEqualTo(id);
    assertThat(json(add).get("jobUrl").asString()).isEqualTo("/api/v1/index/jobs/" + id);
    assertProblem(delete("/api/v1/documents/volcanoes/vesuvius.md"), 409);

    JsonNode job = json(send(get("/api/v1/index/jobs/" + id)));
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!job.get("state").asString().equals("succeeded") && !job.get("state").asString().equals("failed")
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
      job = json(send(get("/api/v1/index/jobs/" + id)));
    }
    assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
    var after = send(post("/api/v1/documents", "{\"id\":\"after-job.txt\",\"text\":\"Added after the job.\"}"));
    assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
    assertThat(json(send(get("/api/v1/experts"))).get("documents").asLong()).isEqualTo(TestIndex.DOCS.size() + 1);
    assertThat(delete("/api/v1/documents/after-job.txt").statusCode()).isEqualTo(204);
  }

  @Test
  @Order(21)
  void anotherWriterHoldingTheIndexIsAConflict() throws Exception {
    try (var lock = new IndexLayout(indexDir).lockForWriting()) {
      var add = send(post("/api/v1/documents", "{\"id\":\"locked.txt\",\"text\":\"The index is locked.\"}"));
      assertProblem(add, 409);
      assertThat(json(add).get("detail").asString()).contains("write.lock");
    }
    assertThat(send(post("/api/v1/documents", "{\"id\":\"locked.txt\",\"text\":\"Unlocked now.\"}")).statusCode())
        .isEqualTo(201);
  }
}
