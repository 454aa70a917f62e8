package dev.mode.cli;

import dev.mode.indexer.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows indexing progress on stderr: a redrawn bar (stage, items/s, ETA) on a terminal, plain log lines otherwise
 * (CI logs, pipes): one when a stage starts, then at most every few seconds, and one when it ends. The rate is
 * shown once a stage has run long enough to measure it (the first tick of a stage would otherwise read as, say,
 * 256000/s).
 */
final class ProgressPrinter implements ProgressListener {
  private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
  private static final long BAR_INTERVAL_NANOS = 100_000_000L;
  private static final long MIN_RATE_WINDOW_NANOS = 500_000_000L;
  private final PrintStream out;
  private final boolean terminal;
  private String stage = "";
  private long stageStart;
  private long lastPrint;
  private long lastDone;
  private long lastTotal;
  private boolean endPrinted;

  ProgressPrinter(PrintStream out) {
    // bin/mode says whether stderr is a terminal; Java 21 has no portable way to ask.
    this(out, "1".equals(System.getenv("MODE_TTY")));
  }

  ProgressPrinter(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void progress(String newStage, long done, long total) {
    progressAt(newStage, done, total, System.nanoTime());
  }

  /** {@link #progress} at a given time, so the output can be checked for any timing. */
  synchronized void progressAt(String newStage, long done, long total, long now) {
    if (!newStage.equals(stage)) {
      endStage();
      stage = newStage;
      stageStart = now;
      lastPrint = 0;
      endPrinted = false;
    }
    lastDone = done;
    lastTotal = total;
    boolean last = total > 0 && done >= total;
    boolean first = lastPrint == 0;
    if (!first && !last && now - lastPrint < (terminal ? BAR_INTERVAL_NANOS : LINE_INTERVAL_NANOS)) {
      return;
    }
    if (last && endPrinted) {
      return;
    }
    endPrinted = last;
    lastPrint = now;
    print(now);
  }

  private void print(long now) {
    long elapsed = now - stageStart;
    // A rate from a few milliseconds is noise: show it once the stage has run long enough, or at its end.
    boolean measurable = elapsed >= MIN_RATE_WINDOW_NANOS || (lastTotal > 0 && lastDone >= lastTotal && elapsed > 0);
    double rate = measurable ? lastDone / (elapsed / 1e9) : -1;
    String rateText = rate < 0 ? "-/s" : String.format(Locale.ROOT, rate >= 100 ? "%.0f/s" : "%.1f/s", rate);
    String eta = "";
    if (lastTotal > 0 && rate > 0 && lastDone < lastTotal) {
      eta = "ETA " + duration(Math.round((lastTotal - lastDone) / rate));
    } else if (lastTotal > 0 && lastDone >= lastTotal) {
      eta = "done in " + duration(Math.round(elapsed / 1e9));
    }
    String count = lastTotal > 0 ? lastDone + "/" + lastTotal : String.valueOf(lastDone);
    if (terminal) {
      int width = 30;
      int filled = lastTotal > 0 ? (int) (width * Math.min(1.0, lastDone / (double) lastTotal)) : 0;
      out.printf(Locale.ROOT, "\r%-8s [%s%s] %s  %s  %s   ", stage, "#".repeat(filled), " ".repeat(width - filled),
          count, rateText, eta);
    } else {
      out.printf(Locale.ROOT, "%s: %s (%s) %s%n", stage, count, rateText, eta);
    }
    out.flush();
  }

  private static String duration(long seconds) {
    return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds / 60 % 60)
        : seconds >= 60 ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
  }

  /** Ends the current stage's display (a stage of unknown size gets its final count). */
  private void endStage() {
    if (stage.isEmpty()) {
      return;
    }
    if (!endPrinted && lastPrint != 0) {
      print(System.nanoTime());
    }
    if (terminal) {
      out.println();
    }
  }

  synchronized void finish() {
    endStage();
    stage = "";
  }
}
