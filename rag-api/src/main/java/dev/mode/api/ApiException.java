package dev.mode.api;

import org.springframework.http.HttpStatus;

/** A request the API refuses, with the HTTP status and a detail telling the client what to change. */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final HttpStatus status;

  public ApiException(HttpStatus status, String detail) {
    super(detail);
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }
}
