package dev.mode.indexer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.config.ConfigLoader;
import dev.mode.config.ModeConfig;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The evaluation builds experts the way the indexer does by default, so its figures are those of what ships. */
class EvalAssignersTest {

  private static ModeConfig config(String maxSizeFactor) {
    var loader = ConfigLoader.withDefaults();
    loader.set("experts.max-size-factor", maxSizeFactor, "test");
    return loader.load();
  }

  /** One dominant direction holding 70% of the documents, and three small ones. */
  private static float[][] skewed() {
    var r = new Random(7);
    int[] sizes = {280, 40, 40, 40};
    float[][] out = new float[400][];
    int i = 0;
    for (int b = 0; b < sizes.length; b++) {
      for (int j = 0; j < sizes[b]; j++) {
        float[] v = new float[8];
        v[b] = 1;
        for (int d = 0; d < v.length; d++) {
          v[d] += (float) (r.nextGaussian() * 0.05);
        }
        out[i++] = v;
      }
    }
    return out;
  }

  private static int largest(int[][] expertsOf, int k) {
    int[] sizes = new int[k];
    for (int[] e : expertsOf) {
      sizes[e[0]]++;
    }
    return java.util.Arrays.stream(sizes).max().orElseThrow();
  }

  @Test
  void documentExpertsKeepTheConfiguredSizeCap() {
    float[][] v = skewed();
    int[] docOf = new int[v.length];
    for (int i = 0; i < docOf.length; i++) {
      docOf[i] = i;
    }
    // 4 experts of 100 on average: the cap of 1.25x allows 125, where plain k-means keeps the 280-document blob whole
    int capped = largest(EvalRunner.assigner("document", config("1.25")).assign(v, docOf, v.length, 4, 42), 4);
    int uncapped = largest(EvalRunner.assigner("document", config("100")).assign(v, docOf, v.length, 4, 42), 4);
    assertThat(capped).isLessThanOrEqualTo(125);
    assertThat(uncapped).isGreaterThan(125);
  }

  @Test
  void theDefaultIsReportedAsTheConstructionItStandsFor() {
    var loader = ConfigLoader.withDefaults();
    double share = loader.load().experts().replication();
    assertThat(EvalRunner.describe("default", loader.load())).isEqualTo("boundary-" + share);
    loader.set("experts.replication", "0", "test");
    assertThat(EvalRunner.describe("default", loader.load())).isEqualTo("document");
    assertThat(EvalRunner.describe("boundary-0.3", loader.load())).isEqualTo("boundary-0.3");
    assertThat(EvalRunner.describe("passage", loader.load())).isEqualTo("passage");
  }

  @Test
  void unknownAssignerIsAClearError() {
    assertThatThrownBy(() -> EvalRunner.assigner("spectral", config("2.0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown assigner 'spectral'");
  }
}
