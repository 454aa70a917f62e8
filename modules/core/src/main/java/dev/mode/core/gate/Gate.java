package dev.mode.core.gate;

/**
 * Maps a query to a probability over the experts of one index generation. Implementations are immutable and
 * thread-safe; a gate belongs to the generation it was built or trained for.
 */
public interface Gate {

  /** {@code centroid} or {@code learned}. */
  String kind();

  /** Number of experts this gate routes between. */
  int experts();

  /**
   * Probability of each expert holding the query's answers; sums to 1.
   *
   * @param queryVector the query's embedding (with the model's query instruction)
   * @param queryText the raw query, for gates that use lexical features
   */
  double[] probabilities(float[] queryVector, String queryText);
}
