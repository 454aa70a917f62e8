package dev.mode.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** Turns exceptions into the one-line messages the CLI prints (the first line of a multi-line message). */
final class Errors {
  private Errors() {}

  static String describe(Throwable ex) {
    Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
    if (t instanceof NoSuchFileException n) {
      return "no such file or directory: " + n.getFile();
    }
    if (t instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (t instanceof FileAlreadyExistsException f) { // e.g. a directory to create where a file is
      return "already exists: " + f.getFile();
    }
    if (t instanceof OutOfMemoryError) {
      return String.format(java.util.Locale.ROOT, "out of memory (the Java heap is %,d MiB); give MODE more with"
          + " MODE_JAVA_OPTS=-Xmx8g, or index fewer or smaller documents at a time (chunking.max-document-chars)",
          Runtime.getRuntime().maxMemory() >> 20);
    }
    if (t instanceof FileNotFoundException) {
      return "file not found: " + t.getMessage();
    }
    String msg = t.getMessage();
    if (msg == null || msg.isBlank()) {
      return t.getClass().getSimpleName() + " (run with MODE_DEBUG=1 for the stack trace)";
    }
    // an error is one line (scripts grep for it); some libraries' messages carry a second line of location detail
    return msg.strip().lines().findFirst().orElse(msg);
  }
}
