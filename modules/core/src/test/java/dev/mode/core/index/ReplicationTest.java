package dev.mode.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule that places documents added after a build as the build placed them. */
class ReplicationTest {

  private static Manifest.Expert expert(int id, float... centroid) {
    return new Manifest.Expert(id, 10, 10, centroid, "e" + id, List.of());
  }

  private static float[] unit(double x, double y) {
    double n = Math.hypot(x, y);
    return new float[] {(float) (x / n), (float) (y / n)};
  }

  private static final List<Manifest.Expert> EXPERTS = List.of(expert(0, 1, 0), expert(1, 0, 1));

  @Test
  void theGapIsThatOfTheFirstDocumentBeyondTheReplicatedShare() {
    // gaps |x - y| of unit vectors: 0 on the diagonal, growing away from it; 40% of 5 documents is the 2 nearest
    float[][] docs = {unit(1, 1), unit(1, 0.9), unit(1, 0.5), unit(1, 0.1), unit(0.2, 1)};
    Replication r = Replication.fit(docs, EXPERTS, 0.4);
    assertThat(r.share()).isEqualTo(0.4);
    float[] third = unit(1, 0.5);
    assertThat(r.maxGap()).isCloseTo(third[0] - third[1], org.assertj.core.data.Offset.offset(1e-6));
    assertThat(Replication.fit(docs, EXPERTS, 0)).isNull();
    assertThat(Replication.fit(docs, List.of(expert(0, 1, 0)), 0.4)).as("one expert: nowhere to copy to").isNull();
  }

  @Test
  void aDocumentNearerTheBoundaryThanTheGapGoesToBothExperts() {
    var rule = new Replication(0.2, 0.1);
    long[] sizes = {10, 10};
    assertThat(Replication.place(unit(1, 0.95), 1, EXPERTS, sizes, 20, rule)).containsExactly(0, 1);
    assertThat(Replication.place(unit(0.95, 1), 1, EXPERTS, sizes, 20, rule)).containsExactly(1, 0);
    assertThat(Replication.place(unit(1, 0.2), 1, EXPERTS, sizes, 20, rule)).containsExactly(0);
    assertThat(Replication.place(unit(1, 0.95), 1, EXPERTS, sizes, 20, null)).as("no rule").containsExactly(0);
  }

  @Test
  void noCopyGrowsAnExpertPastTheCopyLimit() {
    var rule = new Replication(0.2, 0.1);
    // 20 distinct passages + 2 new over 2 experts: the limit is 1.4 x 11 = 15.4 passages
    assertThat(Replication.place(unit(1, 0.95), 2, EXPERTS, new long[] {10, 13}, 20, rule)).containsExactly(0, 1);
    assertThat(Replication.place(unit(1, 0.95), 2, EXPERTS, new long[] {10, 14}, 20, rule)).containsExactly(0);
  }

  /**
   * An update copies at most the rule's share of its documents, nearest the boundary first: documents unlike the
   * corpus sit near every boundary, and would otherwise nearly all be copied.
   */
  @Test
  void anUpdateCopiesAtMostTheRulesShareOfItsDocuments(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    var layout = twoExperts(dir, 2);
    List<DocumentUpdates.Prepared> added = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) { // all under the gap of 0.5; n0 is nearest the boundary, n9 farthest
      float[] v = unit(1, 0.95 - 0.04 * i);
      added.add(new DocumentUpdates.Prepared(new dev.mode.core.SourceDocument("n" + i, "", "text", "s", "text/plain", 0,
          java.util.Map.of()), List.of(passage("n" + i, v)), v));
    }
    try (var u = IndexUpdater.open(layout, 2)) {
      DocumentUpdates.write(u, added);
      u.commit();
    }
    try (ModeIndex index = ModeIndex.open(dir)) {
      assertThat(index.shard(1).size()).as("expert 1: its 10 and 2 copies, 20% of the 10 added").isEqualTo(12);
      assertThat(index.manifest().experts().get(1).documents()).isEqualTo(12);
      assertThat(index.shard(0).size()).isEqualTo(20);
    }
  }

  /** Updates together copy at most the rule's share of the documents they place: one-document updates too. */
  @Test
  void oneDocumentUpdatesTogetherCopyAtMostTheRulesShare(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    var layout = twoExperts(dir, 10);
    for (int i = 0; i < 10; i++) { // each under the gap of 0.5, nearest expert 0
      float[] v = unit(1, 0.9);
      var doc = new DocumentUpdates.Prepared(new dev.mode.core.SourceDocument("n" + i, "", "text", "s", "text/plain",
          0, java.util.Map.of()), List.of(passage("n" + i, v)), v);
      try (var u = IndexUpdater.open(layout, 10)) {
        DocumentUpdates.write(u, List.of(doc));
        u.commit();
      }
    }
    try (ModeIndex index = ModeIndex.open(dir)) {
      assertThat(index.manifest().documents()).isEqualTo(30);
      assertThat(index.manifest().experts().get(1).documents()).as("20% of the 10 added: 2 copies").isEqualTo(12);
      assertThat(index.manifest().replication()).isEqualTo(new Replication(0.2, 0.5, 10, 2));
      assertThat(index.manifest().experts().get(0).documents()).isEqualTo(20);
    }
  }

  /** Two experts of 10 one-passage documents each, on either axis, under the rule (share 0.2, gap 0.5). */
  private static IndexLayout twoExperts(java.nio.file.Path dir, int keepGenerations) throws java.io.IOException {
    var layout = new IndexLayout(dir);
    try (var w = GenerationWriter.create(layout, 2, new IndexSettings("test", 2, 200, 0, keepGenerations))) {
      for (int i = 0; i < 10; i++) {
        w.add(0, passage("a" + i, unit(1, 0.05 * i)));
        w.add(1, passage("b" + i, unit(0.05 * i, 1)));
      }
      w.closeShards();
      w.publish(new Manifest.GateInfo("centroid", null), new Replication(0.2, 0.5));
    }
    return layout;
  }

  private static Passage passage(String doc, float[] vector) {
    return new Passage(Passage.idOf(doc, 0), doc, 0, "", "text of " + doc, "s", "text/plain", 0, java.util.Map.of(), 0,
        10, vector);
  }
}
