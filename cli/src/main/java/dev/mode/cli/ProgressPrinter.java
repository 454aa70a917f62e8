package dev.mode.cli;

import dev.mode.indexer.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows indexing progress on stderr: a redrawn bar (stage, items/s, ETA) on a terminal, plain log lines at most
 * every few seconds otherwise (CI logs, pipes).
 */
final class ProgressPrinter implements ProgressListener {
  private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
  private final PrintStream out;
  private final boolean terminal;
  private String stage = "";
  private long stageStart;
  private long lastPrint;

  ProgressPrinter(PrintStream out) {
    this.out = out;
    // bin/mode says whether stderr is a terminal; Java 21 has no portable way to ask.
    this.terminal = "1".equals(System.getenv("MODE_TTY"));
  }

  @Override
  public synchronized void progress(String newStage, long done, long total) {
    long now = System.nanoTime();
    if (!newStage.equals(stage)) {
      if (terminal && !stage.isEmpty()) {
        out.println();
      }
      stage = newStage;
      stageStart = now;
      lastPrint = 0;
    }
    boolean last = total > 0 && done >= total;
    if (!last && now - lastPrint < (terminal ? 100_000_000L : LINE_INTERVAL_NANOS)) {
      return;
    }
    lastPrint = now;
    double secs = Math.max(1e-3, (now - stageStart) / 1e9);
    double rate = done / secs;
    String eta = total > 0 && rate > 0 ? String.format(Locale.ROOT, "ETA %ds", Math.round((total - done) / rate)) : "";
    String count = total > 0 ? done + "/" + total : String.valueOf(done);
    if (terminal) {
      int width = 30;
      int filled = total > 0 ? (int) (width * Math.min(1.0, done / (double) total)) : 0;
      out.printf(Locale.ROOT, "\r%-8s [%s%s] %s  %.0f/s  %s   ", stage, "#".repeat(filled), " ".repeat(width - filled),
          count, rate, eta);
    } else {
      out.printf(Locale.ROOT, "%s: %s (%.0f/s) %s%n", stage, count, rate, eta);
    }
    out.flush();
  }

  void finish() {
    if (terminal && !stage.isEmpty()) {
      out.println();
    }
  }
}
