package dev.mode.core.gate;

/** Numerically stable softmax and the normalised entropy of a distribution. */
public final class Softmax {
  private Softmax() {}

  public static double[] of(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** Entropy divided by log(n): 0 when one expert has all the mass, 1 when all are equal. */
  public static double normalizedEntropy(double[] p) {
    if (p.length < 2) {
      return 0;
    }
    double h = 0;
    for (double x : p) {
      if (x > 0) {
        h -= x * Math.log(x);
      }
    }
    return h / Math.log(p.length);
  }
}
