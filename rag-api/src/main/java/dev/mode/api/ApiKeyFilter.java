package dev.mode.api;

import dev.mode.config.ModeConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires a valid {@code X-API-Key} header on every request whenever keys are configured ({@code server.api-keys}),
 * except the documented {@link OpenPaths open paths}; {@link ModeServer} refuses to listen beyond loopback without
 * keys. An allow-list, so that a path spelt in a way the check does not expect needs the key rather than skips it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiKeyFilter extends OncePerRequestFilter {
  static final String HEADER = "X-API-Key";
  private final List<byte[]> keys;

  ApiKeyFilter(ModeConfig config) {
    this.keys = config.server().apiKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return keys.isEmpty() || OpenPaths.isOpen(rawPath(request));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String given = request.getHeader(HEADER);
    if (given == null || given.isBlank()) {
      response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
      Problems.write(response, request, HttpStatus.UNAUTHORIZED, "this API needs an API key in the " + HEADER + " header");
      return;
    }
    if (!known(given.getBytes(StandardCharsets.UTF_8))) {
      response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
      Problems.write(response, request, HttpStatus.UNAUTHORIZED, "the API key in the " + HEADER + " header is not valid");
      return;
    }
    chain.doFilter(request, response);
  }

  /** The undecoded request URI below the context path: what the client wrote, before any normalisation. */
  static String rawPath(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
  }

  private boolean known(byte[] given) {
    boolean match = false;
    for (byte[] k : keys) {
      match |= MessageDigest.isEqual(k, given); // constant time per key; every key is compared
    }
    return match;
  }
}
