package dev.mode.core;

/** A MODE operation failed for a reason a user can act on; the message says what and how. */
public class ModeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message that says what went wrong and what to do. */
  public ModeException(String message) {
    super(message);
  }

  /** A failure with a message that says what went wrong and what to do, and the exception that caused it. */
  public ModeException(String message, Throwable cause) {
    super(message, cause);
  }
}
