package dev.mode.indexer.eval;

import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.Embedder;
import dev.mode.core.embed.TokenSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An embedder that remembers passage embeddings by text. The extractive generator embeds the sentences of the top
 * passages for every question; over an evaluation the same passages come back again and again, and embedding each
 * sentence once keeps answer metrics affordable on two cores. Closing it leaves the wrapped embedder open.
 */
final class CachingEmbedder implements Embedder {
  private final Embedder delegate;
  private final Map<String, float[]> passages = new ConcurrentHashMap<>();

  CachingEmbedder(Embedder delegate) {
    this.delegate = delegate;
  }

  @Override
  public EmbeddingModel model() {
    return delegate.model();
  }

  @Override
  public float[] embedQuery(String query) {
    return delegate.embedQuery(query);
  }

  @Override
  public List<float[]> embedPassages(List<String> texts) {
    List<String> missing = texts.stream().filter(t -> !passages.containsKey(t)).distinct().toList();
    if (!missing.isEmpty()) {
      List<float[]> vs = delegate.embedPassages(missing);
      for (int i = 0; i < missing.size(); i++) {
        passages.put(missing.get(i), vs.get(i));
      }
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(passages.get(t));
    }
    return out;
  }

  @Override
  public List<TokenSpan> tokenize(String text) {
    return delegate.tokenize(text);
  }

  @Override
  public void close() {
    // the wrapped embedder belongs to the caller
  }
}
