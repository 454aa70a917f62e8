package dev.mode.core.gate;

import java.util.List;

/**
 * The MODE paper's router and MODE's baseline: the cosine of the query embedding to each expert's centroid,
 * turned into probabilities by a softmax with a temperature (cosines of one model live in a narrow band, so a
 * plain softmax would be nearly uniform).
 */
public final class CentroidGate implements Gate {
  /** Softmax temperature over cosines; 0.05 turns a cosine gap of 0.1 into a probability ratio of e^2. */
  public static final double DEFAULT_TEMPERATURE = 0.05;

  private final float[][] centroids;
  private final double temperature;

  public CentroidGate(List<float[]> centroids, double temperature) {
    this.centroids = centroids.toArray(float[][]::new);
    this.temperature = temperature;
  }

  public CentroidGate(List<float[]> centroids) {
    this(centroids, DEFAULT_TEMPERATURE);
  }

  @Override
  public String kind() {
    return "centroid";
  }

  @Override
  public int experts() {
    return centroids.length;
  }

  @Override
  public double[] probabilities(float[] q, String queryText) {
    double[] logits = new double[centroids.length];
    for (int e = 0; e < centroids.length; e++) {
      double dot = 0;
      float[] c = centroids[e];
      for (int i = 0; i < c.length; i++) {
        dot += c[i] * q[i];
      }
      logits[e] = dot / temperature;
    }
    return Softmax.of(logits);
  }
}
