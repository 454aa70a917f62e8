package dev.mode.core;

/** A MODE operation failed for a reason a user can act on; the message says what and how. */
public class ModeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModeException(String message) {
    super(message);
  }

  public ModeException(String message, Throwable cause) {
    super(message, cause);
  }
}
