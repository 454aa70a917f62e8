package dev.mode.indexer.ingest;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** An input that was not indexed, and why. */
public record Skipped(String source, String reason) {

  /** A short reason for an exception: the innermost cause, without a stack trace. */
  public static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (t instanceof NoSuchFileException) {
      return "no such file";
    }
    String msg = t.getMessage();
    return t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
  }
}
