package dev.mode.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import tools.jackson.databind.json.JsonMapper;

/** Builds RFC 9457 problem documents, and writes them where no controller runs (servlet filters). */
final class Problems {
  /** Serialises a problem as Spring MVC's converter does: extra properties inline, null fields left out. */
  private static final JsonMapper JSON = JsonMapper.builder()
      .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
      .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL)).build();

  private Problems() {}

  static ProblemDetail of(HttpStatus status, String detail, HttpServletRequest request) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    try {
      p.setInstance(URI.create(request.getRequestURI()));
    } catch (IllegalArgumentException e) {
      // a request line Tomcat accepts but java.net.URI does not: the problem simply has no instance
    }
    return p;
  }

  static void write(HttpServletResponse response, HttpServletRequest request, HttpStatus status, String detail)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(JSON.writeValueAsString(of(status, detail, request)));
    response.getWriter().flush();
  }
}
