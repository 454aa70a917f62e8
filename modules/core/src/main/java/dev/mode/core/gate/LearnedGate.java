package dev.mode.core.gate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A gate learned from exhaustive search (after Dai, Kim and Callan, SIGIR 2017): a small neural network over the
 * query embedding, the query's cosine to each expert centroid (relative to their mean) and the share of the query
 * terms' passages each expert holds, giving a probability per expert. Trained by {@link LearnedGateTrainer} when the
 * experts are built; saved with the generation it routes for. Immutable and thread-safe.
 *
 * <p>At inference the network's logits are pooled with the {@link CentroidGate}'s (a product of the two
 * distributions, the centroid's raised to {@link #CENTROID_PRIOR}). The network learns from pseudo-queries, which
 * are not the queries users type; the centroids describe the experts whatever the query, and the product keeps
 * the network from straying far from them where it has seen nothing similar. Measured in docs/evaluation.md: it
 * raised nDCG@10 at k = 1 on all four collections.
 */
public final class LearnedGate implements Gate {
  private static final int MAGIC = 0x4d4f4447; // "MODG"
  private static final int VERSION = 1;
  /** Weight of the centroid gate's log-probabilities in the pooled logits (one setting, not tuned per collection). */
  public static final double CENTROID_PRIOR = 0.5;

  private final Mlp net;
  private final float[][] centroids;
  private final ShardTermStats lexical;

  LearnedGate(Mlp net, float[][] centroids, ShardTermStats lexical) {
    if (lexical != null && lexical.experts() != centroids.length) {
      throw new IllegalArgumentException("the gate has " + centroids.length + " experts, the index " + lexical.experts());
    }
    this.net = net;
    this.centroids = centroids;
    this.lexical = lexical;
  }

  @Override
  public String kind() {
    return "learned";
  }

  @Override
  public int experts() {
    return centroids.length;
  }

  @Override
  public double[] probabilities(float[] queryVector, String queryText) {
    double[] cos = cosines(queryVector, centroids);
    double[] logits = net.forward(features(queryVector, lexical == null ? null : lexical.shares(queryText), cos), null);
    for (int e = 0; e < centroids.length; e++) {
      logits[e] += CENTROID_PRIOR * cos[e] / CentroidGate.DEFAULT_TEMPERATURE;
    }
    return Softmax.of(logits);
  }

  /** Input width for a query embedding of {@code dim} and {@code experts} experts. */
  static int featureCount(int dim, int experts) {
    return dim + 2 * experts;
  }

  /** The network's input: embedding, centred centroid cosines, lexical shares (uniform when unknown). */
  static float[] features(float[] q, double[] shares, float[][] centroids) {
    return features(q, shares, cosines(q, centroids));
  }

  private static float[] features(float[] q, double[] shares, double[] cos) {
    int n = cos.length;
    float[] x = new float[q.length + 2 * n];
    System.arraycopy(q, 0, x, 0, q.length);
    double mean = 0;
    for (double c : cos) {
      mean += c / n;
    }
    for (int e = 0; e < n; e++) {
      x[q.length + e] = (float) (cos[e] - mean);
      x[q.length + n + e] = shares == null ? 1f / n : (float) shares[e];
    }
    return x;
  }

  private static double[] cosines(float[] q, float[][] centroids) {
    double[] cos = new double[centroids.length];
    for (int e = 0; e < centroids.length; e++) {
      double d = 0;
      for (int i = 0; i < q.length; i++) {
        d += q[i] * centroids[e][i];
      }
      cos[e] = d;
    }
    return cos;
  }

  /** Writes the network and centroids. */
  void save(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (var o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      o.writeInt(MAGIC);
      o.writeInt(VERSION);
      o.writeInt(centroids.length);
      o.writeInt(centroids[0].length);
      for (float[] c : centroids) {
        for (float f : c) {
          o.writeFloat(f);
        }
      }
      net.write(o);
    }
  }

  /** Reads a gate saved by {@link #save}, with the lexical statistics of the index it routes for. */
  static LearnedGate load(Path file, ShardTermStats lexical) throws IOException {
    try (var i = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (i.readInt() != MAGIC) {
        throw new IOException(file + " is not a MODE learned gate");
      }
      int version = i.readInt();
      if (version != VERSION) {
        throw new IOException(file + " has gate format " + version + "; this MODE reads " + VERSION);
      }
      int n = i.readInt();
      int dim = i.readInt();
      if (n < 1 || n > 4096 || dim < 1 || dim > 65536) {
        throw new IOException(file + " has an implausible shape " + n + "x" + dim);
      }
      float[][] c = new float[n][dim];
      for (float[] row : c) {
        for (int k = 0; k < dim; k++) {
          row[k] = i.readFloat();
        }
      }
      Mlp net = Mlp.read(i);
      if (net.in != featureCount(dim, n) || net.out != n) {
        throw new IOException(file + " has a network that does not match its " + n + " experts");
      }
      return new LearnedGate(net, c, lexical);
    }
  }

  static float[][] centroidArray(List<float[]> centroids) {
    return centroids.toArray(float[][]::new);
  }
}
