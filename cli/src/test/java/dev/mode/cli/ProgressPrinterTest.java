package dev.mode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  static final long MS = 1_000_000L;

  @Test
  void plainLinesShowNoRateUntilItCanBeMeasured() {
    var bytes = new ByteArrayOutputStream();
    var p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    long t = 1_000_000_000L;
    p.progressAt("embed", 256, 100_000, t); // the first tick: 256 passages "in no time"
    p.progressAt("embed", 512, 100_000, t + 2 * MS); // throttled
    p.progressAt("embed", 50_000, 100_000, t + 6_000 * MS);
    p.progressAt("embed", 100_000, 100_000, t + 12_000 * MS);
    p.progressAt("write", 10, 10, t + 12_001 * MS); // a stage that ends on its first tick
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines[0]).isEqualTo("embed: 256/100000 (-/s) ");
    assertThat(lines[1]).isEqualTo("embed: 50000/100000 (8333/s) ETA 6s");
    assertThat(lines[2]).isEqualTo("embed: 100000/100000 (8333/s) done in 12s");
    assertThat(lines).hasSize(4);
    assertThat(lines[3]).startsWith("write: 10/10");
  }

  @Test
  void terminalRedrawsOneBarPerStage() {
    var bytes = new ByteArrayOutputStream();
    var p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
    long t = 5_000_000_000L;
    p.progressAt("chunk", 0, 40, t);
    p.progressAt("chunk", 20, 40, t + 1_000 * MS);
    p.progressAt("chunk", 40, 40, t + 2_000 * MS);
    p.finish();
    String s = bytes.toString(StandardCharsets.UTF_8);
    assertThat(s).contains("\rchunk    [###############               ] 20/40  20.0/s  ETA 1s")
        .contains("40/40  20.0/s  done in 2s").endsWith("\n");
  }
}
