package dev.mode.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Refuses with 400 a path with a {@code .} or {@code ..} segment, written plainly or escaped ({@code %2e%2e}).
 * Tomcat resolves such segments when it picks the servlet, but Spring MVC matches the undecoded request URI and
 * would hand {@code ..} to a handler as a name (the actuator's health endpoint then fails with 500).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class DotSegmentFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (hasDotSegment(ApiKeyFilter.rawPath(request))) {
      Problems.write(response, request, HttpStatus.BAD_REQUEST,
          "the path has a '.' or '..' segment; send the resolved path instead");
      return;
    }
    chain.doFilter(request, response);
  }

  static boolean hasDotSegment(String rawPath) {
    for (String segment : rawPath.split("/", -1)) {
      int semicolon = segment.indexOf(';'); // Spring ignores ;parameters when it matches a segment
      String s = semicolon < 0 ? segment : segment.substring(0, semicolon);
      if (s.indexOf('%') >= 0) {
        try {
          s = UriUtils.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          continue; // not a valid escape, so not a dot either
        }
      }
      if (s.equals(".") || s.equals("..")) {
        return true;
      }
    }
    return false;
  }
}
