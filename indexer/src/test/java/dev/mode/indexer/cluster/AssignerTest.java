package dev.mode.indexer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AssignerTest {

  /** Three tight groups of unit vectors around the axes, plus documents halfway between group 0 and 1. */
  private static float[][] vectors(int perGroup, int between, Random r) {
    float[][] v = new float[3 * perGroup + between][];
    for (int i = 0; i < 3 * perGroup; i++) {
      v[i] = unit(axis(i / perGroup, 8), r, 0.05);
    }
    for (int i = 0; i < between; i++) {
      float[] mid = axis(0, 8);
      mid[1] = 0.9f + 0.05f * i;
      v[3 * perGroup + i] = unit(mid, r, 0.01);
    }
    return v;
  }

  private static float[] axis(int a, int dim) {
    float[] v = new float[dim];
    v[a] = 1;
    return v;
  }

  private static float[] unit(float[] v, Random r, double noise) {
    double n = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] += (float) (r.nextGaussian() * noise);
      n += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(n);
    }
    return v;
  }

  @Test
  void boundaryReplicationCopiesTheDocumentsBetweenTwoClustersIntoBoth() {
    float[][] v = vectors(20, 4, new Random(1));
    int[] docOf = java.util.stream.IntStream.range(0, v.length).toArray();
    int[][] plain = new DocumentKMeansAssigner(new SmileKMeans()).assign(v, docOf, v.length, 3, 42);
    int[][] out = new BoundaryReplicationAssigner(new SmileKMeans(), 4.0 / v.length).assign(v, docOf, v.length, 3, 42);
    int replicated = 0;
    for (int i = 0; i < v.length; i++) {
      assertThat(out[i][0]).as("first expert is the document's own cluster").isEqualTo(plain[i][0]);
      if (out[i].length == 2) {
        replicated++;
        assertThat(i).as("only in-between documents are replicated").isGreaterThanOrEqualTo(60);
        assertThat(out[i][1]).isNotEqualTo(out[i][0]);
        // the second expert is the other of group 0 and group 1
        assertThat(Arrays.asList(plain[0][0], plain[20][0])).contains(out[i][1]);
      }
    }
    assertThat(replicated).isEqualTo(4);
    int[][] none = new BoundaryReplicationAssigner(new SmileKMeans(), 0).assign(v, docOf, v.length, 3, 42);
    assertThat(Arrays.stream(none).allMatch(e -> e.length == 1)).isTrue();
  }

  @Test
  void copiesNeverGrowAnExpertPastTheCopyLimit() {
    float[][] v = vectors(20, 4, new Random(3));
    int[] docOf = java.util.stream.IntStream.range(0, v.length).toArray();
    int[][] out = new BoundaryReplicationAssigner(new SmileKMeans(), 1.0).assign(v, docOf, v.length, 3, 42);
    int[] size = new int[3];
    int[] own = new int[3];
    for (int[] experts : out) {
      own[experts[0]]++;
      for (int e : experts) {
        size[e]++;
      }
    }
    double limit = dev.mode.core.index.Replication.COPY_LIMIT * v.length / 3.0;
    int copies = 0;
    for (int e = 0; e < 3; e++) {
      assertThat(size[e]).as("expert %d", e).isLessThanOrEqualTo((int) Math.max(limit, own[e]));
      copies += size[e] - own[e];
    }
    assertThat(copies).as("copies fill the room under the limit").isPositive();
  }

  @Test
  void passagesOfOneDocumentMaySpreadWhenClusteredOnTheirOwn() {
    float[][] v = vectors(20, 0, new Random(2));
    int[] docOf = new int[v.length]; // one long document whose passages are about three things
    int[][] byPassage = new PassageKMeansAssigner(new SmileKMeans()).assign(v, docOf, 1, 3, 42);
    int[][] byDocument = new DocumentKMeansAssigner(new SmileKMeans()).assign(v, docOf, 1, 3, 42);
    assertThat(Arrays.stream(byPassage).map(e -> e[0]).distinct().count()).isEqualTo(3);
    assertThat(Arrays.stream(byDocument).map(e -> e[0]).distinct().count()).isEqualTo(1);
  }
}
