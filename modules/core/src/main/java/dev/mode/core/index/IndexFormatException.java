package dev.mode.core.index;

/** An index directory is missing, damaged or of a format this code does not read. */
public final class IndexFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IndexFormatException(String message) {
    super(message);
  }
}
