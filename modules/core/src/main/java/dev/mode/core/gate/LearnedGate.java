package dev.mode.core.gate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A gate learned from exhaustive search (after Dai, Kim and Callan, SIGIR 2017): a small ensemble of neural networks
 * over the query embedding, the query's cosine to each expert centroid and to each expert's nearest
 * {@link ExpertPrototypes prototype} (both relative to their mean over the experts) and the share of the query terms'
 * passages each expert holds, giving a probability per expert. Trained by {@link LearnedGateTrainer} when the
 * experts are built; saved with the generation it routes for. Immutable and thread-safe.
 *
 * <p>At inference the networks' mean logits are pooled with a prototype prior: the query's cosine to each expert's
 * nearest prototype over the {@link CentroidGate}'s temperature, at weight {@link #PROTOTYPE_PRIOR} (a product of
 * the two distributions). The networks learn from pseudo-queries, which are not the queries users type; the
 * prototypes describe the experts whatever the query, and the product keeps the networks from straying far from
 * them where they have seen nothing similar. Measured in docs/evaluation.md.
 */
public final class LearnedGate implements Gate {
  private static final int MAGIC = 0x4d4f4447; // "MODG"
  /** Format of the saved gate: 2 added the expert prototypes and the ensemble of networks. */
  static final int VERSION = 2;
  /** Weight of the prototype prior in the pooled logits (one setting for every collection). */
  public static final double PROTOTYPE_PRIOR = 1.0;

  private final List<Mlp> nets;
  private final float[][] centroids;
  private final ExpertPrototypes prototypes;
  private final ShardTermStats lexical;

  LearnedGate(List<Mlp> nets, float[][] centroids, ExpertPrototypes prototypes, ShardTermStats lexical) {
    if (lexical != null && lexical.experts() != centroids.length) {
      throw new IllegalArgumentException("the gate has " + centroids.length + " experts, the index " + lexical.experts());
    }
    this.nets = List.copyOf(nets);
    this.centroids = centroids;
    this.prototypes = prototypes;
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
    double[] near = prototypes.maxCosines(queryVector);
    float[] x = features(queryVector, lexical == null ? null : lexical.shares(queryText), cos, near);
    double[] logits = new double[centroids.length];
    for (Mlp net : nets) {
      double[] l = net.forward(x, null);
      for (int e = 0; e < logits.length; e++) {
        logits[e] += l[e] / nets.size();
      }
    }
    for (int e = 0; e < centroids.length; e++) {
      logits[e] += PROTOTYPE_PRIOR * near[e] / CentroidGate.DEFAULT_TEMPERATURE;
    }
    return Softmax.of(logits);
  }

  /** Input width for a query embedding of {@code dim} and {@code experts} experts. */
  static int featureCount(int dim, int experts) {
    return dim + 3 * experts;
  }

  /**
   * The network's input: embedding, centred centroid cosines, centred nearest-prototype cosines, lexical shares
   * (uniform when unknown).
   */
  static float[] features(float[] q, double[] shares, float[][] centroids, ExpertPrototypes prototypes) {
    return features(q, shares, cosines(q, centroids), prototypes.maxCosines(q));
  }

  private static float[] features(float[] q, double[] shares, double[] cos, double[] near) {
    int n = cos.length;
    float[] x = new float[q.length + 3 * n];
    System.arraycopy(q, 0, x, 0, q.length);
    double meanCos = 0;
    double meanNear = 0;
    for (int e = 0; e < n; e++) {
      meanCos += cos[e] / n;
      meanNear += near[e] / n;
    }
    for (int e = 0; e < n; e++) {
      x[q.length + e] = (float) (cos[e] - meanCos);
      x[q.length + n + e] = (float) (near[e] - meanNear);
      x[q.length + 2 * n + e] = shares == null ? 1f / n : (float) shares[e];
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
      prototypes.write(o);
      o.writeInt(nets.size());
      for (Mlp net : nets) {
        net.write(o);
      }
    }
  }

  /** A saved gate in a format this MODE does not read (one written by an older MODE). */
  static final class UnsupportedFormatException extends IOException {
    final int format;

    UnsupportedFormatException(Path file, int format) {
      super(file + " has gate format " + format + "; this MODE reads " + VERSION + " (re-index to train a new gate)");
      this.format = format;
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
        throw new UnsupportedFormatException(file, version);
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
      ExpertPrototypes prototypes = ExpertPrototypes.read(i, n, dim);
      int count = i.readInt();
      if (count < 1 || count > 64) {
        throw new IOException(file + " has an implausible number of networks: " + count);
      }
      List<Mlp> nets = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        Mlp net = Mlp.read(i);
        if (net.in != featureCount(dim, n) || net.out != n) {
          throw new IOException(file + " has a network that does not match its " + n + " experts");
        }
        nets.add(net);
      }
      return new LearnedGate(nets, c, prototypes, lexical);
    }
  }

  static float[][] centroidArray(List<float[]> centroids) {
    return centroids.toArray(float[][]::new);
  }
}
