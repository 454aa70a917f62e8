package dev.mode.core.retrieve;

/**
 * How the BM25 and vector rankings of the same candidates become one score.
 *
 * @param kind {@code rrf} (reciprocal rank fusion) or {@code convex} (weighted sum of min-max normalised scores)
 * @param rrfK the constant k of RRF (60 in the original paper)
 * @param alpha weight of the vector score in convex fusion; BM25 gets {@code 1 - alpha}
 */
public record Fusion(String kind, int rrfK, double alpha) {
  public Fusion {
    if (!kind.equals("rrf") && !kind.equals("convex")) {
      throw new IllegalArgumentException("fusion must be rrf or convex, not " + kind);
    }
  }

  /** Reciprocal rank fusion with k = 60. */
  public static Fusion rrf() {
    return new Fusion("rrf", 60, 0.5);
  }
}
