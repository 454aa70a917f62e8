package dev.mode.core.embed;

import java.util.List;

/**
 * Turns text into L2-normalised vectors in one embedding space. Queries and passages are embedded by separate
 * methods because some models expect an instruction in front of queries only. Implementations are thread-safe.
 */
public interface Embedder extends AutoCloseable {

  /** The model behind this embedder; its id is recorded in every index manifest. */
  EmbeddingModel model();

  /** Vector length. */
  default int dimension() {
    return model().dimension();
  }

  /** Embeds a search query (with the model's query instruction). */
  float[] embedQuery(String query);

  /** Embeds passages in batches; the result is in input order. */
  List<float[]> embedPassages(List<String> passages);

  /** The model's tokens of a text (no special tokens), for token-aware chunking and budgets. */
  List<TokenSpan> tokenize(String text);

  @Override
  void close();
}
