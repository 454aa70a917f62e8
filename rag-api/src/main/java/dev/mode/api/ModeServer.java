package dev.mode.api;

import dev.mode.config.ConfigException;
import dev.mode.config.ModeConfig;
import dev.mode.core.ModeException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the REST API for a {@link ModeConfig}: the index, model, address and limits all come from it (keys
 * {@code server.*}), so the CLI, tests and embedders start the server the same way.
 */
public final class ModeServer {
  private ModeServer() {}

  /** Starts the server and returns its running context; close it to stop. Fails before binding on unsafe settings. */
  public static ConfigurableApplicationContext start(ModeConfig config, String... springArgs) {
    requireKeysBeyondLoopback(config.server());
    var app = new SpringApplication(ModeApiApplication.class);
    app.setWebApplicationType(WebApplicationType.SERVLET);
    app.setDefaultProperties(springProperties(config));
    app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("modeConfig", config));
    try {
      return app.run(springArgs);
    } catch (RuntimeException e) {
      throw causeOf(e);
    }
  }

  /** The MODE error under Spring's bean-creation wrappers, so that callers report what actually went wrong. */
  private static RuntimeException causeOf(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ModeException || t instanceof ConfigException) {
        return (RuntimeException) t;
      }
      if (t instanceof PortInUseException p) {
        return new ModeException("port " + p.getPort() + " is already in use; pick another with --port", p);
      }
    }
    return e;
  }

  /** The port a started server listens on. */
  public static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /** Refuses to serve beyond loopback without API keys: an open index API on a network is never a default. */
  static void requireKeysBeyondLoopback(ModeConfig.Server server) {
    if (server.apiKeys().isEmpty() && !isLoopback(server.host())) {
      throw new ModeException("refusing to listen on " + server.host() + " without API keys: set server.api-keys "
          + "(e.g. --set server.api-keys=KEY) or listen on 127.0.0.1");
    }
  }

  static boolean isLoopback(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new ModeException("cannot resolve server.host '" + host + "': " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> springProperties(ModeConfig config) {
    ModeConfig.Server s = config.server();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("server.address", s.host());
    p.put("server.port", s.port());
    p.put("server.error.include-stacktrace", "never");
    p.put("server.error.include-message", "never");
    p.put("server.tomcat.max-swallow-size", s.maxUploadBytes());
    p.put("spring.main.banner-mode", "off");
    p.put("spring.threads.virtual.enabled", true);
    p.put("spring.mvc.problemdetails.enabled", true);
    // an integer field takes a JSON integer: 1.7 is not silently truncated to 1, nor "2" read as 2
    p.put("spring.jackson.deserialization.accept-float-as-int", false);
    p.put("spring.jackson.mapper.allow-coercion-of-scalars", false);
    p.put("spring.mvc.async.request-timeout", s.requestTimeout().toMillis() + "ms");
    p.put("spring.servlet.multipart.max-file-size", s.maxUploadBytes());
    p.put("spring.servlet.multipart.max-request-size", s.maxUploadBytes());
    p.put("management.endpoints.web.exposure.include", "health,info,metrics,prometheus");
    // health details (index size, paths) only for local callers: the endpoint itself needs no key
    p.put("management.endpoint.health.show-details", isLoopback(s.host()) ? "always" : "never");
    p.put("springdoc.api-docs.enabled", true);
    p.put("springdoc.swagger-ui.enabled", true);
    p.put("springdoc.api-docs.path", "/v3/api-docs");
    p.put("springdoc.swagger-ui.path", "/swagger-ui.html");
    p.put("springdoc.paths-to-match", "/api/**");
    return p;
  }
}
