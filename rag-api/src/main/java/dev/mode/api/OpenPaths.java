package dev.mode.api;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The paths served without an API key: health, the OpenAPI document and Swagger UI (docs/api.md). A path counts as
 * open only when written canonically (plain segments, no {@code ;} parameters, {@code %} escapes, {@code //} or dot
 * segments): Tomcat and Spring MVC each normalise such spellings in their own way, so any of them is simply treated
 * as guarded rather than guessed at.
 */
final class OpenPaths {
  private static final Set<String> EXACT = Set.of("/actuator/health", "/v3/api-docs", "/v3/api-docs.yaml",
      "/swagger-ui.html");
  private static final List<String> PREFIXES = List.of("/actuator/health/", "/v3/api-docs/", "/swagger-ui/");
  /** Non-empty segments of unreserved characters, none of them {@code .} or {@code ..}. */
  private static final Pattern CANONICAL = Pattern.compile("(/(?!\\.{1,2}(?:/|$))[A-Za-z0-9._~-]+)+");

  private OpenPaths() {}

  /** True when the path (the request URI below the context path, undecoded) may be served without a key. */
  static boolean isOpen(String rawPath) {
    if (rawPath == null || !CANONICAL.matcher(rawPath).matches()) {
      return false;
    }
    return EXACT.contains(rawPath) || PREFIXES.stream().anyMatch(rawPath::startsWith);
  }
}
