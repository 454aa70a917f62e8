package dev.mode.core.index;

import java.util.Arrays;
import java.util.List;
import org.apache.lucene.util.VectorUtil;

/**
 * The rule by which a generation's experts hold copies of documents near a cluster boundary, saved in the manifest
 * so that documents added later are placed as the build placed them: a document goes to the expert with the
 * nearest centroid and, when its cosine to that centroid exceeds its cosine to the second-nearest by less than
 * {@code maxGap}, to the second-nearest too, unless that would grow the second past {@link #COPY_LIMIT} times the
 * mean expert size.
 *
 * <p>Updates together copy at most {@code share} of the documents they place (rounded up): documents unlike the
 * corpus sit almost as near one centroid as another, and without that bound nearly all of them would be copied.
 *
 * @param share share of the build's documents the rule was fitted to replicate ({@code experts.replication})
 * @param maxGap the cosine gap under the manifest's centroids below which a document is replicated
 * @param placed documents placed by updates since the rule was fitted
 * @param copied how many of those were copied to a second expert
 */
public record Replication(double share, double maxGap, long placed, long copied) {
  /**
   * Largest size, as a multiple of the mean expert size (of distinct passages), that copies may grow an expert to:
   * with 8 experts, two experts filled to it hold 35% of the passages.
   */
  public static final double COPY_LIMIT = 1.4;

  /** The rule as fitted to a build, before any update. */
  public Replication(double share, double maxGap) {
    this(share, maxGap, 0, 0);
  }

  /** This rule after an update that placed {@code documents} documents and copied {@code copies} of them. */
  public Replication afterUpdate(long documents, long copies) {
    return new Replication(share, maxGap, placed + documents, copied + copies);
  }

  /** How many of an update's {@code documents} documents may be copied, given the copies updates have made. */
  public long copiesAllowed(int documents) {
    long ofUpdate = (long) Math.ceil(share * documents);
    long ofAllUpdates = (long) Math.ceil(share * (placed + documents)) - copied;
    return Math.max(0, Math.min(ofUpdate, ofAllUpdates));
  }

  /**
   * The rule replicating the share {@code share} of documents nearest a boundary between the given experts'
   * centroids: {@code maxGap} is the gap of the first document beyond that share of all documents ordered by gap, so
   * the documents under it are that share. Null when {@code share} is 0 or there is no second expert.
   *
   * @param documentVectors each document's unit-length mean passage vector
   */
  public static Replication fit(float[][] documentVectors, List<Manifest.Expert> experts, double share) {
    if (share <= 0 || experts.size() < 2 || documentVectors.length == 0) {
      return null;
    }
    float[][] centroids = centroids(experts);
    double[] gaps = new double[documentVectors.length];
    for (int d = 0; d < gaps.length; d++) {
      gaps[d] = Placement.of(documentVectors[d], centroids).gap();
    }
    Arrays.sort(gaps);
    int at = (int) Math.min(gaps.length - 1, Math.round(share * gaps.length));
    return new Replication(share, gaps[at]);
  }

  /**
   * The experts a new document with unit-length mean vector {@code meanVector} and {@code passages} passages goes
   * to: the nearest, and the second-nearest under {@code rule} (null: never).
   *
   * @param sizes each expert's current size in passages, copies included
   * @param distinctPassages distinct passages of the index, for the mean expert size
   */
  public static int[] place(float[] meanVector, long passages, List<Manifest.Expert> experts, long[] sizes,
      long distinctPassages, Replication rule) {
    var p = Placement.of(meanVector, centroids(experts));
    double limit = COPY_LIMIT * (distinctPassages + passages) / experts.size();
    if (rule != null && p.second() >= 0 && p.gap() < rule.maxGap() && sizes[p.second()] + passages <= limit) {
      return new int[] {p.nearest(), p.second()};
    }
    return new int[] {p.nearest()};
  }

  /** How much nearer a unit-length vector is to its nearest centroid than to its second (infinite with one expert). */
  public static double gap(float[] meanVector, List<Manifest.Expert> experts) {
    return Placement.of(meanVector, centroids(experts)).gap();
  }

  private static float[][] centroids(List<Manifest.Expert> experts) {
    return experts.stream().map(Manifest.Expert::centroid).toArray(float[][]::new);
  }

  /** The nearest and second-nearest centroid of a vector, and the difference of its cosines to them. */
  private record Placement(int nearest, int second, double gap) {
    static Placement of(float[] v, float[][] centroids) {
      int best = -1;
      int second = -1;
      double bestCos = Double.NEGATIVE_INFINITY;
      double secondCos = Double.NEGATIVE_INFINITY;
      for (int e = 0; e < centroids.length; e++) {
        double c = VectorUtil.dotProduct(v, centroids[e]);
        if (c > bestCos) {
          second = best;
          secondCos = bestCos;
          best = e;
          bestCos = c;
        } else if (c > secondCos) {
          second = e;
          secondCos = c;
        }
      }
      return new Placement(best, second, second < 0 ? Double.POSITIVE_INFINITY : bestCos - secondCos);
    }
  }
}
