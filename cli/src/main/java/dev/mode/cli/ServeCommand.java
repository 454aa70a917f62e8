package dev.mode.cli;

import dev.mode.api.ModeServer;
import dev.mode.config.ModeConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mode serve}: the REST API (/api/v1) over an index, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the REST API (/api/v1, OpenAPI at /v3/api-docs, Swagger UI at /swagger-ui.html) over an index.")
public final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Option(names = "--index", paramLabel = "DIR", description = "Index directory (index.dir).")
  Path index;

  @Option(names = "--model", paramLabel = "DIR", description = "Decoder model directory; none = extractive answers.")
  Path model;

  @Option(names = "--port", paramLabel = "P", description = "Port (server.port; 0 = any free port).")
  Integer port;

  @Option(names = "--host", paramLabel = "ADDR",
      description = "Address to listen on (server.host); beyond loopback needs server.api-keys.")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("index.dir", index);
    flags.put("decoder.model-dir", model);
    flags.put("server.port", port);
    flags.put("server.host", host);
    ModeConfig config = configOptions.load(flags);
    // The CLI's logback configuration (everything on stderr) stays in charge, not Spring Boot's.
    System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    ConfigurableApplicationContext context = ModeServer.start(config);
    var closed = new CountDownLatch(1);
    context.addApplicationListener(e -> {
      if (e instanceof ContextClosedEvent) {
        closed.countDown();
      }
    });
    String shown = config.server().host().contains(":") ? "[" + config.server().host() + "]" : config.server().host();
    String base = "http://" + shown + ":" + ModeServer.port(context);
    System.err.println("mode: serving " + config.index().dir() + " at " + base + "/api/v1 (Swagger UI: " + base
        + "/swagger-ui.html" + (config.server().apiKeys().isEmpty() ? "" : "; X-API-Key required") + "); Ctrl-C stops");
    closed.await();
    return 0;
  }
}
