package dev.mode.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexUpdaterTest {
  static final int DIM = 4;
  static final IndexSettings SETTINGS = new IndexSettings("test-model", DIM, 200, 32, 3);

  @TempDir Path root;

  static float[] unit(float... v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / Math.sqrt(n));
    }
    return out;
  }

  static Passage passage(String doc, int ordinal, String text, float[] vector) {
    return new Passage(Passage.idOf(doc, ordinal), doc, ordinal, "title " + doc, text, "file:" + doc, "text/plain", 0,
        Map.of("lang", "en"), 0, text.length(), vector);
  }

  /** Two experts: expert 0 about volcanoes (x axis), expert 1 about finance (y axis). */
  Manifest build() throws IOException {
    try (var w = GenerationWriter.create(new IndexLayout(root), 2, SETTINGS)) {
      w.add(0, passage("v1", 0, "Vesuvius erupted and buried Pompeii in ash.", unit(1, 0.1f, 0, 0)));
      w.add(0, passage("v1", 1, "The volcano released lava and ash clouds.", unit(1, 0, 0.1f, 0)));
      w.add(0, passage("v2", 0, "Etna is an active volcano in Sicily.", unit(1, 0, 0, 0.1f)));
      w.add(1, passage("f1", 0, "Quarterly revenue rose on strong cloud sales.", unit(0.1f, 1, 0, 0)));
      w.add(1, passage("f2", 0, "The bank raised interest rates again.", unit(0, 1, 0.1f, 0)));
      return w.commit(new Manifest.GateInfo("centroid", null));
    }
  }

  @Test
  void aDocumentCopiedIntoTwoExpertsCountsItsPassagesOnce() throws IOException {
    try (var w = GenerationWriter.create(new IndexLayout(root), 2, SETTINGS)) {
      Passage shared = passage("b1", 0, "Volcanic ash grounded flights and moved markets.", unit(1, 1, 0, 0));
      w.add(0, passage("v1", 0, "Vesuvius erupted and buried Pompeii in ash.", unit(1, 0.1f, 0, 0)));
      w.add(0, shared);
      w.add(1, shared); // a boundary document, written to both experts
      w.add(1, passage("f1", 0, "Quarterly revenue rose on strong cloud sales.", unit(0.1f, 1, 0, 0)));
      Manifest m = w.commit(new Manifest.GateInfo("centroid", null));
      assertThat(m.passages()).isEqualTo(3);
      assertThat(m.experts()).extracting(Manifest.Expert::passages).containsExactly(2L, 2L);
    }
    try (var u = IndexUpdater.open(new IndexLayout(root), 3)) {
      assertThat(u.delete("b1")).as("one passage, held twice").isEqualTo(1);
      assertThat(u.deletedPassages()).isEqualTo(1);
      Manifest m = u.commit();
      assertThat(m.passages()).isEqualTo(2);
      assertThat(m.documents()).isEqualTo(2);
    }
  }

  static long count(ModeIndex idx, String field, String value) throws IOException {
    long n = 0;
    for (ExpertShard s : idx.shards()) {
      n += new IndexSearcher(s.reader()).count(new TermQuery(new Term(field, value)));
    }
    return n;
  }

  @Test
  void deletesADocumentFromEveryExpertInANewGeneration() throws IOException {
    Manifest first = build();
    var layout = new IndexLayout(root);
    Path before = layout.requireCurrent();
    try (var u = IndexUpdater.open(layout, 3)) {
      assertThat(u.delete("v1")).isEqualTo(2);
      assertThat(u.delete("missing")).isZero();
      Manifest m = u.commit();
      assertThat(m.generation()).isEqualTo(first.generation() + 1);
      assertThat(m.passages()).isEqualTo(3);
      assertThat(m.documents()).isEqualTo(3);
      assertThat(m.experts().get(0).passages()).isEqualTo(1);
      assertThat(m.experts().get(0).documents()).isEqualTo(1);
      // untouched expert keeps its centroid; the touched one moves to its remaining passage
      assertThat(m.experts().get(1).centroid()).isEqualTo(first.experts().get(1).centroid());
      assertThat(m.experts().get(0).centroid()).isEqualTo(unit(1, 0, 0, 0.1f));
    }
    try (ModeIndex idx = ModeIndex.open(root)) {
      assertThat(idx.passages()).isEqualTo(3);
      assertThat(count(idx, PassageFields.DOC_ID, "v1")).isZero();
      assertThat(count(idx, PassageFields.DOC_ID, "v2")).isEqualTo(1);
    }
    // the previous generation is still whole and readable
    try (ModeIndex old = ModeIndex.openGeneration(before)) {
      assertThat(old.passages()).isEqualTo(5);
      assertThat(count(old, PassageFields.DOC_ID, "v1")).isEqualTo(2);
    }
  }

  @Test
  void addsAndReplacesPassagesAndKeepsChecksumsRight() throws IOException {
    build();
    var layout = new IndexLayout(root);
    try (var u = IndexUpdater.open(layout, 3)) {
      u.delete("f1"); // replace f1 with a new version
      u.add(1, passage("f1", 0, "Revenue fell sharply this quarter.", unit(0, 1, 0, 0)));
      u.add(1, passage("f1", 1, "Cloud sales slowed.", unit(0, 1, 0, 0.2f)));
      u.add(0, passage("v3", 0, "Krakatoa exploded in 1883.", unit(1, 0, 0.2f, 0)));
      Manifest m = u.commit();
      assertThat(m.passages()).isEqualTo(7);
      assertThat(m.documents()).isEqualTo(5);
      assertThat(m.experts().get(1).passages()).isEqualTo(3);
      assertThat(m.checksums()).isEqualTo(GenerationWriter.checksums(layout.requireCurrent()));
    }
    try (ModeIndex idx = ModeIndex.open(root)) {
      assertThat(count(idx, PassageFields.DOC_ID, "f1")).isEqualTo(2);
      assertThat(count(idx, PassageFields.CONTENT, "krakatoa")).isEqualTo(1);
      assertThat(count(idx, PassageFields.CONTENT, "bank")).isEqualTo(1);
      assertThat(count(idx, PassageFields.CONTENT, "strong")).as("old f1 text is gone").isZero();
    }
  }

  @Test
  void closingWithoutCommitLeavesTheLiveGenerationAndNoPartial() throws IOException {
    Manifest first = build();
    var layout = new IndexLayout(root);
    try (var u = IndexUpdater.open(layout, 3)) {
      u.delete("v1");
      u.add(0, passage("v9", 0, "Unpublished.", unit(1, 0, 0, 0)));
    }
    try (ModeIndex idx = ModeIndex.open(root)) {
      assertThat(idx.generation()).isEqualTo(first.generation());
      assertThat(idx.passages()).isEqualTo(5);
    }
    try (var s = Files.list(root)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
    }
  }

  @Test
  void sharesUnchangedFilesWithTheLiveGenerationAndSurvivesPruning() throws IOException {
    build();
    var layout = new IndexLayout(root);
    for (int i = 0; i < 4; i++) { // keep 3: the first generation is pruned, its linked files live on
      try (var u = IndexUpdater.open(layout, 3)) {
        u.add(1, passage("n" + i, 0, "Note number " + i + " about markets.", unit(0, 1, 0, 0)));
        u.commit();
      }
    }
    assertThat(layout.generations()).hasSize(3);
    try (ModeIndex idx = ModeIndex.open(root)) {
      assertThat(idx.passages()).isEqualTo(9);
      assertThat(count(idx, PassageFields.CONTENT, "lava")).isEqualTo(1);
    }
  }

  @Test
  void refusesASecondWriterAndWrongInput() throws IOException {
    build();
    var layout = new IndexLayout(root);
    try (var u = IndexUpdater.open(layout, 3)) {
      assertThatThrownBy(() -> IndexUpdater.open(layout, 3)).isInstanceOf(IndexFormatException.class)
          .hasMessageContaining("write.lock");
      assertThatThrownBy(() -> u.add(2, passage("x", 0, "x", unit(1, 0, 0, 0))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expert 2");
      assertThatThrownBy(() -> u.add(0, passage("x", 0, "x", new float[] {1, 0})))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2-dimensional");
    }
    try (var u = IndexUpdater.open(layout, 3)) { // the lock is released on close
      assertThat(u.hasChanges()).isFalse();
    }
  }

  /**
   * A writer refused in this JVM must not release the lock of the writer that holds it: another process still finds
   * it held (with plain file locks, closing the refused attempt's channel released it).
   */
  @Test
  void aRefusedWriterInThisProcessLeavesTheLockHeldForOtherProcesses() throws Exception {
    build();
    var layout = new IndexLayout(root);
    try (var u = IndexUpdater.open(layout, 3)) {
      assertThatThrownBy(() -> IndexUpdater.open(layout, 3)).isInstanceOf(IndexFormatException.class);
      assertThat(tryLockFromAnotherProcess()).isEqualTo("held");
    }
    assertThat(tryLockFromAnotherProcess()).isEqualTo("free");
  }

  private String tryLockFromAnotherProcess() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockProbe.class.getName(),
        root.resolve("write.lock").toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  /** Run in a child JVM: prints whether the file lock at args[0] is free or held by another process. */
  public static final class LockProbe {
    public static void main(String[] args) throws IOException {
      try (var ch = java.nio.channels.FileChannel.open(Path.of(args[0]), java.nio.file.StandardOpenOption.WRITE)) {
        var lock = ch.tryLock();
        System.out.println(lock == null ? "held" : "free");
      }
    }
  }

  /** A generation whose files no longer match its manifest's checksums is refused, not served. */
  @Test
  void aDamagedGenerationIsRefusedWhenOpened() throws IOException {
    build();
    Path live = new IndexLayout(root).requireCurrent();
    ModeIndex.openGeneration(live).close();
    Path shardFile;
    try (var files = java.nio.file.Files.walk(live.resolve(Manifest.Expert.dirName(0)))) {
      shardFile = files.filter(java.nio.file.Files::isRegularFile).filter(f -> !f.endsWith("write.lock"))
          .max(java.util.Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
    }
    byte[] bytes = java.nio.file.Files.readAllBytes(shardFile);
    bytes[bytes.length / 2] ^= 0x5a;
    java.nio.file.Files.write(shardFile, bytes);
    assertThatThrownBy(() -> ModeIndex.open(root)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining("is damaged").hasMessageContaining(live.relativize(shardFile).toString());
  }

  @Test
  void needsALiveGeneration() {
    assertThatThrownBy(() -> IndexUpdater.open(new IndexLayout(root), 3)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining("no MODE index");
  }

  @Test
  void labelsListTopTerms() {
    assertThat(ExpertLabels.label(List.of())).isEqualTo("empty");
  }

  /** Stemmed terms are labelled by the words they came from; a wiki title's underscores read as spaces. */
  @Test
  void labelsAreReadableWords() throws IOException {
    try (var w = GenerationWriter.create(new IndexLayout(root), 2, SETTINGS)) {
      for (int i = 0; i < 4; i++) {
        w.add(0, new Passage(Passage.idOf("s" + i, 0), "s" + i, 0, "Steam_engine", "Steam engines and engineering "
            + "history, part " + i + ".", "file:s" + i, "text/plain", 0, Map.of(), 0, 10, unit(1, 0, 0, 0)));
        w.add(1, new Passage(Passage.idOf("f" + i, 0), "f" + i, 0, "_Florida", "Florida rivers flowing, part " + i
            + ".", "file:f" + i, "text/plain", 0, Map.of(), 0, 10, unit(0, 1, 0, 0)));
      }
      Manifest m = w.commit(new Manifest.GateInfo("centroid", null));
      assertThat(m.experts().get(0).topTerms()).contains("steam engine", "history").noneMatch(t -> t.contains("_"));
      assertThat(m.experts().get(1).topTerms()).contains("florida", "rivers").noneMatch(t -> t.contains("_"));
    }
  }
}
