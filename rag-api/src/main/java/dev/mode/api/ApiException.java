package dev.mode.api;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, with the HTTP status, a detail telling the client what to change and, optionally,
 * extra members for the problem document (e.g. the job that is in the way).
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final HttpStatus status;
  private final transient Map<String, Object> properties;

  public ApiException(HttpStatus status, String detail) {
    this(status, detail, Map.of());
  }

  public ApiException(HttpStatus status, String detail, Map<String, Object> properties) {
    super(detail);
    this.status = status;
    this.properties = Map.copyOf(properties);
  }

  public HttpStatus status() {
    return status;
  }

  /** Extra members of the problem document. */
  public Map<String, Object> properties() {
    return properties;
  }
}
