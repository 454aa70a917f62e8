package dev.mode.api;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Answers the errors Tomcat raises before any filter or controller runs (a malformed {@code %}-escape in the path,
 * for one) with an RFC 9457 problem body, where Tomcat's own valve writes an HTML page. Errors the application
 * reports already have a body by the time they get here and are left alone.
 */
public final class ProblemReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    var ioAllowed = new AtomicBoolean();
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return; // the connection is gone; there is no one to tell
    }
    HttpStatus known = HttpStatus.resolve(status);
    HttpStatus problem = known != null ? known : status < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
    // Tomcat's own message and the throwable describe its internals; the caller gets what to fix
    String detail = problem == HttpStatus.BAD_REQUEST
        ? "The request could not be read: check the URL's %-escapes and the request line."
        : problem.getReasonPhrase() + ".";
    try {
      response.resetBuffer();
      Problems.write(response, request, problem, detail);
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // the body could not be written (the stream was already taken): the status line still says what happened
    }
  }
}
