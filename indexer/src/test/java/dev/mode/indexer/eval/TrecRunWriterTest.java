package dev.mode.indexer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrecRunWriterTest {

  /** trec_eval sorts by the score column: it must fall with the rank, so trec_eval sees MODE's order. */
  @Test
  void writesOneLinePerDocumentWithScoresFallingWithTheRank(@TempDir Path dir) throws Exception {
    try (var w = TrecRunWriter.forMode(dir.resolve("runs"), "learned", 2)) {
      w.write("q1", List.of("d7", "d3", "d9"));
      w.write("q2", List.of());
      w.write("q3", List.of("d1"));
    }
    assertThat(Files.readAllLines(dir.resolve("runs/learned-k2.run"))).containsExactly(
        "q1 Q0 d7 1 3 MODE-learned-k2",
        "q1 Q0 d3 2 2 MODE-learned-k2",
        "q1 Q0 d9 3 1 MODE-learned-k2",
        "q3 Q0 d1 1 1 MODE-learned-k2");
    try (var w = TrecRunWriter.forMode(dir, "hybrid", null)) {
      w.write("q1", List.of("a"));
    }
    assertThat(dir.resolve("hybrid.run")).hasContent("q1 Q0 a 1 1 MODE-hybrid");
  }

  @Test
  void refusesIdsAReaderWouldSplit(@TempDir Path dir) throws Exception {
    try (var w = TrecRunWriter.forMode(dir, "bm25", null)) {
      assertThatThrownBy(() -> w.write("q 1", List.of("a"))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> w.write("q1", List.of("doc 2"))).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
