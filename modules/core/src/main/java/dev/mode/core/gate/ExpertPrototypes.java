package dev.mode.core.gate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.lucene.util.VectorUtil;

/**
 * A few unit vectors per expert that summarise where its passages lie (the centres of a spherical k-means over the
 * expert's passage vectors), so the gate can see the sub-topics of an expert and not only its mean. A query close
 * to one sub-topic of an expert is routed there even when the expert's centroid, pulled towards its other
 * sub-topics, is farther than another expert's. The gate compares a query with every prototype: at most
 * {@link #MAX_PER_EXPERT} per expert and one per {@link #PASSAGES_PER_PROTOTYPE} passages, so never more than a
 * quarter of the passages an exhaustive search scores, and a few percent once experts hold hundreds of passages.
 */
final class ExpertPrototypes {
  /** Most prototypes per expert. */
  static final int MAX_PER_EXPERT = 16;
  /** Fewest passages per prototype, on average over an expert. */
  static final int PASSAGES_PER_PROTOTYPE = 4;
  private static final int ITERATIONS = 20;

  private final float[][][] prototypes; // expert -> prototype -> unit vector

  private ExpertPrototypes(float[][][] prototypes) {
    this.prototypes = prototypes;
  }

  /**
   * Clusters each expert's passage vectors (unit length) into its prototypes; an expert without passages gets its
   * centroid as its one prototype.
   */
  static ExpertPrototypes fit(List<List<float[]>> vectorsPerExpert, float[][] centroids, Random random) {
    float[][][] p = new float[vectorsPerExpert.size()][][];
    for (int e = 0; e < p.length; e++) {
      List<float[]> vs = vectorsPerExpert.get(e);
      int m = Math.min(MAX_PER_EXPERT, vs.size() / PASSAGES_PER_PROTOTYPE);
      p[e] = m < 2 ? new float[][] {centroids[e].clone()} : sphericalKMeans(vs, m, random);
    }
    return new ExpertPrototypes(p);
  }

  private static float[][] sphericalKMeans(List<float[]> vs, int m, Random random) {
    int dim = vs.get(0).length;
    List<float[]> shuffled = new ArrayList<>(vs);
    Collections.shuffle(shuffled, random);
    float[][] c = new float[m][];
    for (int j = 0; j < m; j++) {
      c[j] = shuffled.get(j).clone();
    }
    int[] assigned = new int[vs.size()];
    for (int it = 0; it < ITERATIONS; it++) {
      for (int i = 0; i < vs.size(); i++) {
        assigned[i] = nearest(vs.get(i), c);
      }
      float[][] sums = new float[m][dim];
      int[] counts = new int[m];
      for (int i = 0; i < vs.size(); i++) {
        counts[assigned[i]]++;
        float[] v = vs.get(i);
        for (int d = 0; d < dim; d++) {
          sums[assigned[i]][d] += v[d];
        }
      }
      for (int j = 0; j < m; j++) {
        if (counts[j] > 0) {
          c[j] = VectorUtil.l2normalize(sums[j], false); // an emptied prototype keeps its place
        }
      }
    }
    return c;
  }

  private static int nearest(float[] v, float[][] c) {
    int best = 0;
    double bestDot = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < c.length; j++) {
      double d = VectorUtil.dotProduct(v, c[j]);
      if (d > bestDot) {
        bestDot = d;
        best = j;
      }
    }
    return best;
  }

  /** Prototypes over all experts: the vectors a query is compared with. */
  int count() {
    int c = 0;
    for (float[][] p : prototypes) {
      c += p.length;
    }
    return c;
  }

  /** Per expert, the query's cosine to its nearest prototype. */
  double[] maxCosines(float[] q) {
    double[] out = new double[prototypes.length];
    for (int e = 0; e < prototypes.length; e++) {
      double best = Double.NEGATIVE_INFINITY;
      for (float[] p : prototypes[e]) {
        best = Math.max(best, VectorUtil.dotProduct(q, p));
      }
      out[e] = best;
    }
    return out;
  }

  void write(DataOutputStream o) throws IOException {
    o.writeInt(prototypes.length);
    for (float[][] p : prototypes) {
      o.writeInt(p.length);
      for (float[] v : p) {
        o.writeInt(v.length);
        for (float f : v) {
          o.writeFloat(f);
        }
      }
    }
  }

  static ExpertPrototypes read(DataInputStream i, int experts, int dim) throws IOException {
    if (i.readInt() != experts) {
      throw new IOException("the gate's prototypes do not match its " + experts + " experts");
    }
    float[][][] p = new float[experts][][];
    for (int e = 0; e < experts; e++) {
      int m = i.readInt();
      if (m < 1 || m > MAX_PER_EXPERT) {
        throw new IOException("implausible prototype count " + m + " for expert " + e);
      }
      p[e] = new float[m][dim];
      for (float[] v : p[e]) {
        if (i.readInt() != dim) {
          throw new IOException("a prototype of expert " + e + " is not " + dim + "-dimensional");
        }
        for (int d = 0; d < dim; d++) {
          v[d] = i.readFloat();
        }
      }
    }
    return new ExpertPrototypes(p);
  }
}
