package dev.mode.api;

import dev.mode.core.ModeException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every failure into an RFC 9457 problem document: Spring MVC's own errors (malformed JSON, unsupported media
 * type, oversized upload, unknown path) through {@link ResponseEntityExceptionHandler}, MODE's errors here. An
 * unexpected exception is logged and answered 500 with no internals in the body.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
  /** How the index reports another writer holding its lock (IndexLayout.lockForWriting). */
  static final String LOCK_HELD = "write.lock is held";

  /** Malformed JSON says where it is malformed; a body cut off at the size limit is 413, not 400. */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    HttpServletRequest servlet = ((ServletWebRequest) request).getRequest();
    ApiException cause = apiCause(e);
    if (cause != null) {
      return ResponseEntity.status(cause.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(Problems.of(cause.status(), cause.getMessage(), servlet));
    }
    String detail = e.getMostSpecificCause() instanceof MismatchedInputException m && wrongType(m) != null
        ? wrongType(m)
        : "the request body is not valid JSON for this endpoint"
            + (e.getMostSpecificCause() instanceof JacksonException j ? ": " + j.getOriginalMessage() : "");
    return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.of(HttpStatus.BAD_REQUEST, detail, servlet));
  }

  /** "'experts' must be an integer" for a value of the wrong JSON type, or null when the field is not known. */
  private static String wrongType(MismatchedInputException m) {
    var field = new StringBuilder();
    for (JacksonException.Reference r : m.getPath()) {
      if (r.getPropertyName() != null) {
        field.append(field.isEmpty() ? "" : ".").append(r.getPropertyName());
      } else if (r.getIndex() >= 0) {
        field.append('[').append(r.getIndex()).append(']');
      }
    }
    Class<?> type = m.getTargetType();
    if (field.isEmpty() || type == null) {
      return null;
    }
    String expected = type == Integer.class || type == int.class || type == Long.class || type == long.class
        ? "an integer" : type == String.class ? "a string" : type == Boolean.class || type == boolean.class
        ? "true or false" : Number.class.isAssignableFrom(type) || type.isPrimitive() ? "a number"
        : java.util.Map.class.isAssignableFrom(type) ? "a JSON object"
        : java.util.Collection.class.isAssignableFrom(type) || type.isArray() ? "a JSON array" : null;
    return expected == null ? null : "'" + field + "' must be " + expected;
  }

  /**
   * A multipart body that cannot be parsed is the client's error (400), or 413 when cut off at the size limit; an
   * upload over {@code spring.servlet.multipart.*} (MaxUploadSizeExceededException) is 413 through the base class.
   */
  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ProblemDetail> multipart(MultipartException e, HttpServletRequest request) {
    ApiException cause = apiCause(e);
    if (cause != null) {
      return api(cause, request);
    }
    LOG.debug("{} {}: unreadable multipart body", request.getMethod(), request.getRequestURI(), e);
    return problem(HttpStatus.BAD_REQUEST, "the request body is not a valid multipart/form-data body", request);
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
    ResponseEntity<ProblemDetail> r = problem(e.status(), e.getMessage(), request);
    e.properties().forEach(r.getBody()::setProperty);
    return r;
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> badArgument(IllegalArgumentException e, HttpServletRequest request) {
    return problem(HttpStatus.BAD_REQUEST, e.getMessage(), request);
  }

  /** An index update failed; another writer holding the index (a CLI build, say) is a conflict to retry, not a fault. */
  @ExceptionHandler(ModeException.class)
  ResponseEntity<ProblemDetail> mode(ModeException e, HttpServletRequest request) {
    LOG.warn("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
    HttpStatus status = e.getMessage() != null && e.getMessage().contains(LOCK_HELD) ? HttpStatus.CONFLICT
        : HttpStatus.INTERNAL_SERVER_ERROR;
    return problem(status, e.getMessage(), request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "an unexpected error occurred; the server log has the details",
        request);
  }

  private static ApiException apiCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApiException a) {
        return a;
      }
    }
    return null;
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, HttpServletRequest request) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.of(status, detail, request));
  }
}
