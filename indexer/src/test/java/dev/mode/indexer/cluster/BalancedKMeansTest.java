package dev.mode.indexer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BalancedKMeansTest {
  static final int DIM = 16;

  /** Unit vectors around {@code sizes.length} well-separated directions, blob b first, in blocks. */
  static float[][] blobs(long seed, int... sizes) {
    var r = new Random(seed);
    float[][] centers = new float[sizes.length][DIM];
    for (int b = 0; b < sizes.length; b++) {
      centers[b][b] = 1;
    }
    int n = Arrays.stream(sizes).sum();
    float[][] out = new float[n][];
    int i = 0;
    for (int b = 0; b < sizes.length; b++) {
      for (int j = 0; j < sizes[b]; j++) {
        float[] v = new float[DIM];
        double norm = 0;
        for (int d = 0; d < DIM; d++) {
          v[d] = centers[b][d] + (float) (r.nextGaussian() * 0.15);
          norm += v[d] * v[d];
        }
        for (int d = 0; d < DIM; d++) {
          v[d] /= (float) Math.sqrt(norm);
        }
        out[i++] = v;
      }
    }
    return out;
  }

  static long[] sizes(int[] assignment, int[] weights, int k) {
    long[] s = new long[k];
    for (int i = 0; i < assignment.length; i++) {
      s[assignment[i]] += weights == null ? 1 : weights[i];
    }
    return s;
  }

  @Test
  void sameInputAndSeedGiveTheSameExperts() {
    float[][] v = blobs(1, 300, 200, 100, 150);
    var c = new BalancedKMeans(new SmileKMeans(), 2.0, 100_000);
    int[] a = c.cluster(v, 4, 42);
    int[] b = c.cluster(v, 4, 42);
    assertThat(b).isEqualTo(a);
    assertThat(new BalancedKMeans(new SmileKMeans(), 2.0, 100_000).cluster(v, 4, 42)).isEqualTo(a);
    assertThat(Arrays.stream(a).boxed().toList()).allSatisfy(x -> assertThat(x).isBetween(0, 3));
  }

  @Test
  void wellSeparatedGroupsAreFound() {
    float[][] v = blobs(2, 200, 200, 200);
    int[] a = new BalancedKMeans(new SmileKMeans(), 2.0, 100_000).cluster(v, 3, 42);
    for (int b = 0; b < 3; b++) {
      int first = a[b * 200];
      for (int i = b * 200; i < (b + 1) * 200; i++) {
        assertThat(a[i]).as("point " + i).isEqualTo(first);
      }
    }
    assertThat(sizes(a, null, 3)).containsExactlyInAnyOrder(200, 200, 200);
  }

  @Test
  void noClusterExceedsTheSizeCap() {
    float[][] v = blobs(3, 700, 50, 50);
    int k = 4;
    int[] unbounded = new BalancedKMeans(new SmileKMeans(), 100, 100_000).cluster(v, k, 42);
    long maxUnbounded = Arrays.stream(sizes(unbounded, null, k)).max().orElseThrow();
    int[] capped = new BalancedKMeans(new SmileKMeans(), 1.5, 100_000).cluster(v, k, 42);
    long cap = (long) Math.ceil(1.5 * v.length / k);
    assertThat(maxUnbounded).as("the test data is unbalanced to begin with").isGreaterThan(cap);
    assertThat(Arrays.stream(sizes(capped, null, k)).boxed().toList()).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(cap));
    // moved points come out of the oversized cluster only: the small groups stay whole
    assertThat(Arrays.stream(capped, 700, 750).distinct().count()).isEqualTo(1);
    assertThat(Arrays.stream(capped, 750, 800).distinct().count()).isEqualTo(1);
  }

  @Test
  void noClusterIsLeftBelowTheMeanDividedByTheFactor() {
    float[][] v = blobs(8, 300, 300, 290, 10); // the fourth group is a handful of outliers
    int k = 4;
    int[] unbounded = new BalancedKMeans(new SmileKMeans(), 100, 100_000).cluster(v, k, 42);
    long floor = (long) Math.floor(v.length / (2.0 * k));
    assertThat(Arrays.stream(sizes(unbounded, null, k)).min().orElseThrow())
        .as("the test data leaves a small cluster to begin with").isLessThan(floor);
    int[] balanced = new BalancedKMeans(new SmileKMeans(), 2.0, 100_000).cluster(v, k, 42);
    assertThat(Arrays.stream(sizes(balanced, null, k)).boxed().toList()).allSatisfy(s -> assertThat(s)
        .isGreaterThanOrEqualTo(floor).isLessThanOrEqualTo((long) Math.ceil(2.0 * v.length / k)));
    // the outliers stay together: the small cluster grows around them
    assertThat(Arrays.stream(balanced, 890, 900).distinct().count()).isEqualTo(1);
  }

  @Test
  void weightsCountTowardTheCap() {
    float[][] v = blobs(4, 100, 100, 100, 100);
    int[] w = new int[v.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = i < 100 ? 10 : 1; // blob 0 holds documents of 10 passages
    }
    int k = 4;
    int[] a = new BalancedKMeans(new SmileKMeans(), 1.2, 100_000).cluster(v, w, k, 42);
    long total = Arrays.stream(w).sum();
    long cap = Math.max(10, (long) Math.ceil(1.2 * total / k));
    assertThat(Arrays.stream(sizes(a, w, k)).boxed().toList()).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(cap));
  }

  @Test
  void largeInputsAreSampledThenAssignedDeterministically() {
    float[][] v = blobs(5, 1000, 1000, 1000);
    var sampled = new BalancedKMeans(new SmileKMeans(), 2.0, 150);
    int[] a = sampled.cluster(v, 3, 7);
    assertThat(sampled.cluster(v, 3, 7)).isEqualTo(a);
    for (int b = 0; b < 3; b++) {
      assertThat(Arrays.stream(a, b * 1000, (b + 1) * 1000).distinct().count()).as("blob " + b).isEqualTo(1);
    }
    float[][] s = BalancedKMeans.sample(v, 150, 7);
    assertThat(s.length).isEqualTo(150);
    assertThat(Arrays.stream(s).distinct().count()).isEqualTo(150);
    assertThat(BalancedKMeans.sample(v, 150, 7)).isEqualTo(s);
  }

  @Test
  void degenerateInputs() {
    var c = new BalancedKMeans(new SmileKMeans(), 2.0, 1000);
    assertThat(c.cluster(blobs(6, 5), 1, 42)).containsOnly(0);
    assertThat(Arrays.stream(c.cluster(blobs(6, 3), 5, 42)).boxed().toList()).hasSize(3)
        .allSatisfy(x -> assertThat(x).isBetween(0, 4));
    assertThat(c.cluster(new float[0][], 3, 42)).isEmpty();
    assertThatThrownBy(() -> new BalancedKMeans(new SmileKMeans(), 0.5, 1000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
