package dev.mode.indexer.cluster;

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
  public int[][] assign(float[][] vectors, int[] docOf, int documents, int k, long seed) {
    int dim = vectors.length == 0 ? 0 : vectors[0].length;
    float[][] docVectors = new float[documents][dim];
    for (int i = 0; i < vectors.length; i++) {
      float[] dv = docVectors[docOf[i]];
      for (int j = 0; j < dim; j++) {
        dv[j] += vectors[i][j];
      }
    }
    for (float[] v : docVectors) {
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      n = Math.sqrt(n);
      for (int j = 0; j < v.length && n > 0; j++) {
        v[j] /= (float) n;
      }
    }
    int[] docExpert = clusterer.cluster(docVectors, k, seed);
    int[][] out = new int[vectors.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new int[] {docExpert[docOf[i]]};
    }
    return out;
  }
}
