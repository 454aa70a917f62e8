package dev.mode.indexer.cluster;

import dev.mode.core.index.Manifest;
import dev.mode.core.index.Replication;
import java.util.List;

/**
 * Decides which expert(s) each passage goes to, given the passage vectors, the document each passage belongs to,
 * and the number of experts. A passage may be placed in more than one expert (e.g. one near a cluster boundary);
 * retrieval treats copies as one hit.
 */
public interface ExpertAssigner {

  /**
   * @param vectors unit-length passage vectors
   * @param docOf the document index of each passage
   * @param documents number of documents
   * @param k number of experts
   * @param seed seed for anything random
   * @return for each passage, the experts it is written to (at least one), each in {@code 0..k-1}
   */
  int[][] assign(float[][] vectors, int[] docOf, int documents, int k, long seed);

  /**
   * The rule by which documents added to the index later are copied as this assigner copies documents, fitted to
   * the experts as written; null (the default) when it makes no copies.
   *
   * @param vectors the passage vectors given to {@link #assign}
   * @param docOf the document index of each passage, as given to {@link #assign}
   * @param documents number of documents
   * @param experts the experts written from that assignment, with their centroids
   */
  default Replication replication(float[][] vectors, int[] docOf, int documents, List<Manifest.Expert> experts) {
    return null;
  }

  /** A short name of this construction and its parameters, as {@code bin/mode eval} reports it: boundary-0.2. */
  String name();

  /**
   * The unit the clustering balances expert sizes in: documents (the default) or passages. {@code rebalance}
   * measures an expert's size in the same unit, or an index of long and short documents would always look
   * unbalanced.
   */
  default boolean balancesDocuments() {
    return true;
  }
}
