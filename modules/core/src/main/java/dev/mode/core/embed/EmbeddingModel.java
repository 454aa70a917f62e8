package dev.mode.core.embed;

import java.util.Arrays;
import java.util.Locale;

/**
 * The sentence-embedding models MODE ships, with what it takes to use each correctly: where its ONNX file and
 * tokenizer sit on the classpath (inside the {@code dev.langchain4j:langchain4j-embeddings-*-q} jars), its pooling,
 * its maximum input length and the instruction it expects in front of queries.
 */
public enum EmbeddingModel {
  BGE_SMALL_EN_V15("bge-small-en-v1.5", "/bge-small-en-v1.5-q.onnx", "/bge-small-en-v1.5-q-tokenizer.json",
      Pooling.CLS, 512, 384, "Represent this sentence for searching relevant passages: "),
  ALL_MINILM_L6_V2("all-minilm-l6-v2", "/all-minilm-l6-v2-q.onnx", "/all-minilm-l6-v2-q-tokenizer.json",
      Pooling.MEAN, 256, 384, "");

  private final String id;
  private final String onnxResource;
  private final String tokenizerResource;
  private final Pooling pooling;
  private final int maxTokens;
  private final int dimension;
  private final String queryInstruction;

  EmbeddingModel(String id, String onnxResource, String tokenizerResource, Pooling pooling, int maxTokens, int dimension,
      String queryInstruction) {
    this.id = id;
    this.onnxResource = onnxResource;
    this.tokenizerResource = tokenizerResource;
    this.pooling = pooling;
    this.maxTokens = maxTokens;
    this.dimension = dimension;
    this.queryInstruction = queryInstruction;
  }

  /** The model with that id ({@code bge-small-en-v1.5}, {@code all-minilm-l6-v2}). */
  public static EmbeddingModel byId(String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id.toLowerCase(Locale.ROOT))).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown embedding model '" + id + "'; known: "
            + Arrays.stream(values()).map(EmbeddingModel::id).toList()));
  }

  public String id() { return id; }
  public String onnxResource() { return onnxResource; }
  public String tokenizerResource() { return tokenizerResource; }
  public Pooling pooling() { return pooling; }
  /** Longest input in tokens, special tokens included; longer text is truncated. */
  public int maxTokens() { return maxTokens; }
  public int dimension() { return dimension; }
  /** Text put before a query (never before a passage); empty when the model wants none. */
  public String queryInstruction() { return queryInstruction; }
}
