package dev.mode.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a user tunes in MODE, as immutable records grouped by concern. Build one with
 * {@link ConfigLoader}; {@link #defaults()} gives the shipped defaults.
 */
public record ModeConfig(
    Index index,
    Embedding embedding,
    Chunking chunking,
    Experts experts,
    Gate gate,
    Retrieval retrieval,
    Generator generator,
    Decoder decoder,
    Server server) {

  /** Where the index lives and how many generations are kept. */
  public record Index(Path dir, int keepGenerations) {}

  /** Which embedding model runs, on how many threads, in batches of what size. */
  public record Embedding(String model, int threads, int batchSize) {}

  /**
   * Passage size and overlap, in embedding-model tokens, and the longest document text (in characters) the indexer
   * takes.
   */
  public record Chunking(int maxTokens, int overlapTokens, int maxDocumentChars) {}

  /**
   * How documents are grouped into experts ({@code count} 0 means derived from corpus size): the size cap as a
   * multiple of the mean, the k-means sample size, the share of changed passages that makes {@code rebalance}
   * re-cluster, the share of documents also written to their second-nearest expert, and the seed.
   */
  public record Experts(int count, double maxSizeFactor, int sampleSize, double rebalanceThreshold,
      double replication, long seed) {}

  /** Which gate routes a query, and the routing policy over its probabilities. */
  public record Gate(String kind, String policy, int topK, double adaptiveP, int adaptiveMaxK, double entropyFallback) {}

  /** Hybrid retrieval inside the chosen experts. */
  public record Retrieval(String fusion, int rrfK, double convexAlpha, int candidates, int passages) {}

  /** Context assembly for the generator. */
  public record Generator(int contextTokens, Optional<Path> promptTemplate) {}

  /** The ONNX decoder; no model directory means extractive answers. */
  public record Decoder(Optional<Path> modelDir, String provider, int threads, String optimizationLevel, int maxNewTokens,
      double temperature) {}

  /** The REST API's address and limits. */
  public record Server(String host, int port, List<String> apiKeys, int maxQuestionChars, long maxUploadBytes,
      int maxConcurrent, Duration requestTimeout) {}

  /** The shipped defaults, with nothing layered over them. */
  public static ModeConfig defaults() {
    return ConfigLoader.withDefaults().load();
  }

  static ModeConfig bind(ConfigLoader.Values v) {
    int maxTokens = v.get(ConfigKeys.CHUNKING_MAX_TOKENS);
    int overlap = v.get(ConfigKeys.CHUNKING_OVERLAP_TOKENS);
    if (overlap > maxTokens / 2) {
      throw v.invalid(ConfigKeys.CHUNKING_OVERLAP_TOKENS, "must be at most half of chunking.max-tokens (" + maxTokens + ")");
    }
    int topK = v.get(ConfigKeys.GATE_TOP_K);
    return new ModeConfig(
        new Index(v.get(ConfigKeys.INDEX_DIR), v.get(ConfigKeys.INDEX_KEEP_GENERATIONS)),
        new Embedding(v.get(ConfigKeys.EMBEDDING_MODEL), v.get(ConfigKeys.EMBEDDING_THREADS),
            v.get(ConfigKeys.EMBEDDING_BATCH_SIZE)),
        new Chunking(maxTokens, overlap, v.get(ConfigKeys.CHUNKING_MAX_DOCUMENT_CHARS)),
        new Experts(v.get(ConfigKeys.EXPERTS_COUNT), v.get(ConfigKeys.EXPERTS_MAX_SIZE_FACTOR),
            v.get(ConfigKeys.EXPERTS_SAMPLE_SIZE), v.get(ConfigKeys.EXPERTS_REBALANCE_THRESHOLD),
            v.get(ConfigKeys.EXPERTS_REPLICATION), v.get(ConfigKeys.EXPERTS_SEED)),
        new Gate(v.get(ConfigKeys.GATE_KIND), v.get(ConfigKeys.GATE_POLICY), topK, v.get(ConfigKeys.GATE_ADAPTIVE_P),
            v.get(ConfigKeys.GATE_ADAPTIVE_MAX_K), v.get(ConfigKeys.GATE_ENTROPY_FALLBACK)),
        new Retrieval(v.get(ConfigKeys.RETRIEVAL_FUSION), v.get(ConfigKeys.RETRIEVAL_RRF_K),
            v.get(ConfigKeys.RETRIEVAL_CONVEX_ALPHA), v.get(ConfigKeys.RETRIEVAL_CANDIDATES),
            v.get(ConfigKeys.RETRIEVAL_PASSAGES)),
        new Generator(v.get(ConfigKeys.GENERATOR_CONTEXT_TOKENS),
            Optional.ofNullable(v.get(ConfigKeys.GENERATOR_PROMPT_TEMPLATE))),
        new Decoder(Optional.ofNullable(v.get(ConfigKeys.DECODER_MODEL_DIR)), v.get(ConfigKeys.DECODER_PROVIDER),
            v.get(ConfigKeys.DECODER_THREADS), v.get(ConfigKeys.DECODER_OPTIMIZATION_LEVEL),
            v.get(ConfigKeys.DECODER_MAX_NEW_TOKENS), v.get(ConfigKeys.DECODER_TEMPERATURE)),
        new Server(v.get(ConfigKeys.SERVER_HOST), v.get(ConfigKeys.SERVER_PORT), v.get(ConfigKeys.SERVER_API_KEYS),
            v.get(ConfigKeys.SERVER_MAX_QUESTION_CHARS), v.get(ConfigKeys.SERVER_MAX_UPLOAD_BYTES),
            v.get(ConfigKeys.SERVER_MAX_CONCURRENT), v.get(ConfigKeys.SERVER_REQUEST_TIMEOUT)));
  }

  /** A copy with another index directory. */
  public ModeConfig withIndexDir(Path dir) {
    return new ModeConfig(new Index(dir, index.keepGenerations()), embedding, chunking, experts, gate, retrieval, generator,
        decoder, server);
  }
}
