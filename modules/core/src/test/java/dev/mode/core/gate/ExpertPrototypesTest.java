package dev.mode.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.Test;

/** Prototypes find an expert's sub-topics, respect their caps and survive a save. */
class ExpertPrototypesTest {
  private static float[] unit(Random r, float[] centre, double spread) {
    float[] v = new float[centre.length];
    double n = 0;
    for (int d = 0; d < v.length; d++) {
      v[d] = (float) (centre[d] + spread * r.nextGaussian());
      n += v[d] * v[d];
    }
    for (int d = 0; d < v.length; d++) {
      v[d] /= (float) Math.sqrt(n);
    }
    return v;
  }

  private static float[] axis(int dim, int i) {
    float[] v = new float[dim];
    v[i] = 1;
    return v;
  }

  @Test
  void aQueryNearOneSubTopicOfAnExpertIsNearerToItThanToAnExpertWithACloserMean() {
    int dim = 8;
    Random r = new Random(5);
    // expert 0: two sub-topics on axes 0 and 1, its mean between them; expert 1: one topic on axis 2
    List<float[]> e0 = new ArrayList<>();
    List<float[]> e1 = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      e0.add(unit(r, axis(dim, i % 2), 0.05));
      e1.add(unit(r, axis(dim, 2), 0.05));
    }
    float[] mean0 = new float[dim];
    mean0[0] = mean0[1] = (float) Math.sqrt(0.5);
    float[][] centroids = {mean0, axis(dim, 2)};
    var p = ExpertPrototypes.fit(List.of(e0, e1), centroids, new Random(1));
    float[] query = unit(new Random(9), new float[] {0.7f, 0, 0.6f, 0, 0, 0, 0, 0}, 0);
    // by centroid, expert 1 is nearer (0.65 against 0.54); by prototype, expert 0 is (about 0.75 against 0.65)
    assertThat((double) VectorUtil.dotProduct(query, centroids[1])).isGreaterThan(VectorUtil.dotProduct(query, centroids[0]) + 0.1);
    double[] near = p.maxCosines(query);
    assertThat(near[0]).isGreaterThan(near[1] + 0.05);
  }

  @Test
  void countsAreCappedByExpertSizeAndAnEmptyExpertKeepsItsCentroid() throws Exception {
    int dim = 4;
    Random r = new Random(2);
    List<float[]> big = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      big.add(unit(r, axis(dim, i % 4), 0.3));
    }
    List<float[]> small = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      small.add(unit(r, axis(dim, 0), 0.3));
    }
    float[][] centroids = {axis(dim, 0), axis(dim, 1), axis(dim, 3)};
    var p = ExpertPrototypes.fit(List.of(big, small, List.of()), centroids, new Random(1));
    int perSmall = 9 / ExpertPrototypes.PASSAGES_PER_PROTOTYPE;
    assertThat(p.count()).isEqualTo(ExpertPrototypes.MAX_PER_EXPERT + Math.max(perSmall, 1) + 1);
    assertThat(p.maxCosines(axis(dim, 3))[2]).isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-6));

    var bytes = new ByteArrayOutputStream();
    try (var o = new DataOutputStream(bytes)) {
      p.write(o);
    }
    var back = ExpertPrototypes.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 3, dim);
    float[] q = unit(new Random(4), new float[] {0.3f, 0.5f, 0.1f, 0.8f}, 0);
    assertThat(back.maxCosines(q)).containsExactly(p.maxCosines(q));
  }
}
