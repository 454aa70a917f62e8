package dev.mode.indexer.cluster;

import org.apache.lucene.util.VectorUtil;

/**
 * The MODE paper's experts: documents clustered by the mean of their passage vectors, every passage going with
 * its document, so a document is never split across experts.
 */
public final class DocumentKMeansAssigner implements ExpertAssigner {
  private final Clusterer clusterer;

  public DocumentKMeansAssigner(Clusterer clusterer) {
    this.clusterer = clusterer;
  }

  @Override
  public String name() {
    return "document";
  }

  @Override
  public int[][] assign(float[][] vectors, int[] docOf, int documents, int k, long seed) {
    float[][] docVectors = documentVectors(vectors, docOf, documents);
    int[] docExpert = clusterer.cluster(docVectors, k, seed);
    int[][] out = new int[vectors.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new int[] {docExpert[docOf[i]]};
    }
    return out;
  }

  /** Each document's unit-length mean passage vector. */
  static float[][] documentVectors(float[][] vectors, int[] docOf, int documents) {
    int dim = vectors.length == 0 ? 0 : vectors[0].length;
    float[][] docVectors = new float[documents][dim];
    for (int i = 0; i < vectors.length; i++) {
      float[] dv = docVectors[docOf[i]];
      for (int j = 0; j < dim; j++) {
        dv[j] += vectors[i][j];
      }
    }
    for (float[] v : docVectors) {
      VectorUtil.l2normalize(v, false);
    }
    return docVectors;
  }
}
