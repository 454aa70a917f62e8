package dev.mode.cli;

import dev.mode.api.ModeServer;
import dev.mode.config.ModeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mode bench api}: a closed-loop load generator on loopback. It starts the REST API in this process over
 * {@code --index} (or targets {@code --url}), then for each endpoint sends a fixed number of requests from
 * {@code --clients} concurrent clients and prints p50/p99 latency and requests per second.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
    description = "REST API load: p50/p99 latency and requests/s of /search and /ask at N concurrent clients.")
public final class BenchApiCommand implements Callable<Integer> {
  private static final String[] QUESTIONS = {
      "When did Mount Vesuvius destroy Pompeii?", "How do astronomers detect exoplanets?",
      "What makes sourdough bread rise?", "How does garbage collection work in Java?",
      "Why do clownfish live in sea anemones?", "Who was Eleanor of Aquitaine?", "What are Saturn's rings made of?",
      "How do B-tree indexes speed up queries?", "What caused the 1991 eruption of Mount Pinatubo?",
      "How is cheese made with rennet?", "What is the Great Red Spot on Jupiter?", "What does DNS do?"};

  @Mixin ConfigOptions configOptions;

  @Option(names = "--index", paramLabel = "DIR", description = "Index to serve in-process (index.dir).")
  Path index;

  @Option(names = "--url", paramLabel = "URL", description = "Target a running server instead (loopback only).")
  String url;

  @Option(names = "--api-key", paramLabel = "KEY", description = "X-API-Key to send.")
  String apiKey;

  @Option(names = "--clients", defaultValue = "16", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--requests", defaultValue = "800", description = "Measured requests per endpoint (default ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--warmup", defaultValue = "100", description = "Unmeasured requests first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--endpoints", defaultValue = "search,ask", split = ",", description = "Endpoints (default ${DEFAULT-VALUE}).")
  List<String> endpoints;

  @Override
  public Integer call() throws Exception {
    if (clients < 1 || clients > 256 || requests < 1 || requests > 100_000 || warmup < 0) {
      throw new IllegalArgumentException("--clients must be 1..256, --requests 1..100000, --warmup >= 0");
    }
    ConfigurableApplicationContext server = null;
    String base = url;
    try {
      if (base == null) {
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("index.dir", index);
        flags.put("server.host", "127.0.0.1");
        flags.put("server.port", 0);
        flags.put("server.max-concurrent", Math.max(clients, 32));
        ModeConfig config = configOptions.load(flags);
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        server = ModeServer.start(config);
        base = "http://127.0.0.1:" + ModeServer.port(server);
        if (apiKey == null && !config.server().apiKeys().isEmpty()) {
          apiKey = config.server().apiKeys().get(0);
        }
      } else if (!isLoopbackUrl(base)) {
        throw new IllegalArgumentException("--url must point at loopback (127.0.0.1, ::1 or localhost)");
      }
      var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      System.out.printf(Locale.ROOT, "%-8s %8s %8s %10s %10s %10s %8s%n", "endpoint", "clients", "requests",
          "p50 ms", "p99 ms", "req/s", "errors");
      System.out.flush();
      for (String endpoint : endpoints) {
        String path = switch (endpoint.strip()) {
          case "search" -> "/api/v1/search";
          case "ask" -> "/api/v1/ask";
          default -> throw new IllegalArgumentException("unknown endpoint '" + endpoint + "' (search, ask)");
        };
        String field = endpoint.strip().equals("search") ? "query" : "question";
        run(http, base + path, field, warmup);
        Result r = run(http, base + path, field, requests);
        System.out.printf(Locale.ROOT, "%-8s %8d %8d %10.1f %10.1f %10.1f %8d%n", endpoint.strip(), clients, requests,
            r.percentile(50), r.percentile(99), r.perSecond(), r.errors());
        System.out.flush();
      }
      return 0;
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private record Result(long[] nanos, double wallSeconds, int errors) {
    double percentile(int p) {
      long[] s = nanos.clone();
      Arrays.sort(s);
      int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
      return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
    }

    double perSecond() {
      return nanos.length / wallSeconds;
    }
  }

  private Result run(HttpClient http, String target, String field, int count) throws Exception {
    if (count == 0) {
      return new Result(new long[0], 1, 0);
    }
    long[] nanos = new long[count];
    var next = new AtomicInteger();
    var errors = new AtomicInteger();
    List<Callable<Void>> workers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      workers.add(() -> {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          ObjectNode body = Output.JSON.createObjectNode().put(field, QUESTIONS[i % QUESTIONS.length]);
          var b = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(120))
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
          if (apiKey != null) {
            b.header("X-API-Key", apiKey);
          }
          long t0 = System.nanoTime();
          HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
          nanos[i] = System.nanoTime() - t0;
          if (r.statusCode() != 200) {
            errors.incrementAndGet();
          }
        }
        return null;
      });
    }
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      for (Future<Void> f : pool.invokeAll(workers)) {
        f.get();
      }
    }
    return new Result(nanos, (System.nanoTime() - start) / 1e9, errors.get());
  }

  private static boolean isLoopbackUrl(String u) {
    String host = URI.create(u).getHost();
    return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")
        || host.equals("::1"));
  }
}
