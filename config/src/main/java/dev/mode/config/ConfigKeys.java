package dev.mode.config;

import static dev.mode.config.Parsers.anyLong;
import static dev.mode.config.Parsers.doubleRange;
import static dev.mode.config.Parsers.duration;
import static dev.mode.config.Parsers.intRange;
import static dev.mode.config.Parsers.list;
import static dev.mode.config.Parsers.oneOf;
import static dev.mode.config.Parsers.optionalPath;
import static dev.mode.config.Parsers.path;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry of every configuration key MODE understands. Adding a key means adding it here, to
 * {@code mode-defaults.properties} and to the record that carries it; tests check the three agree and that
 * {@code docs/configuration.md} is the table {@link #referenceTable()} renders.
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  public static final ConfigKey<Path> INDEX_DIR =
      key("index.dir", "a directory path", "Where the index (its generations of expert shards) lives.", path());
  public static final ConfigKey<Integer> INDEX_KEEP_GENERATIONS =
      key("index.keep-generations", "integer 1..100", "How many complete index generations to keep on disk.", intRange(1, 100));

  public static final ConfigKey<String> EMBEDDING_MODEL =
      key("embedding.model", "bge-small-en-v1.5 | all-minilm-l6-v2",
          "Sentence-embedding model (ONNX, shipped in a Maven jar).", oneOf("bge-small-en-v1.5", "all-minilm-l6-v2"));
  public static final ConfigKey<Integer> EMBEDDING_THREADS =
      key("embedding.threads", "integer 0..256 (0 = all cores)", "ONNX Runtime intra-op threads for embedding.", intRange(0, 256));
  public static final ConfigKey<Integer> EMBEDDING_BATCH_SIZE =
      key("embedding.batch-size", "integer 1..1024", "Passages embedded per ONNX call.", intRange(1, 1024));

  public static final ConfigKey<Integer> CHUNKING_MAX_TOKENS =
      key("chunking.max-tokens", "integer 16..512", "Largest passage, in embedding-model tokens.", intRange(16, 512));
  public static final ConfigKey<Integer> CHUNKING_OVERLAP_TOKENS =
      key("chunking.overlap-tokens", "integer 0..(chunking.max-tokens / 2)",
          "Tokens shared by consecutive passages of a document.", intRange(0, 256));
  public static final ConfigKey<Integer> CHUNKING_MAX_DOCUMENT_CHARS =
      key("chunking.max-document-chars", "integer 1000..2000000000",
          "Longest document text, in characters, the indexer takes; a longer file or document is skipped with a reason"
              + " (a 10M-character document peaks near 3 GB of memory: see docs/indexer.md).",
          intRange(1000, 2_000_000_000));

  public static final ConfigKey<Integer> EXPERTS_COUNT =
      key("experts.count", "integer 0..1024 (0 = derived from corpus size)", "Number of document experts (shards).", intRange(0, 1024));
  public static final ConfigKey<Double> EXPERTS_MAX_SIZE_FACTOR =
      key("experts.max-size-factor", "number 1.0..100", "No expert may hold more than this multiple of the mean expert size, nor less than the mean divided by it.",
          doubleRange(1.0, 100, true));
  public static final ConfigKey<Integer> EXPERTS_SAMPLE_SIZE =
      key("experts.sample-size", "integer 100..10000000",
          "Most vectors k-means fits centroids on; larger corpora are sampled (seeded), then every vector is assigned.",
          intRange(100, 10_000_000));
  public static final ConfigKey<Double> EXPERTS_REBALANCE_THRESHOLD =
      key("experts.rebalance-threshold", "number 0.0..1.0",
          "rebalance re-clusters when this share of passages was added or replaced since the last clustering.",
          doubleRange(0.0, 1.0, true));
  public static final ConfigKey<Double> EXPERTS_REPLICATION =
      key("experts.replication", "number 0.0..1.0",
          "Share of documents also written to their second-nearest expert: those nearest a cluster boundary (0: none)."
              + " Applies to full builds and rebalances; documents added later follow the rule the index was built with.",
          doubleRange(0.0, 1.0, true));
  public static final ConfigKey<Long> EXPERTS_SEED =
      key("experts.seed", "integer", "Seed for clustering and gate training (same input and seed, same experts).", anyLong());

  public static final ConfigKey<String> GATE_KIND =
      key("gate.kind", "centroid | learned", "Which gate routes queries to experts.", oneOf("centroid", "learned"));
  public static final ConfigKey<String> GATE_POLICY =
      key("gate.policy", "fixed | adaptive | exhaustive",
          "fixed: the top-k experts; adaptive: experts until their probability sums to gate.adaptive-p; exhaustive: all.",
          oneOf("fixed", "adaptive", "exhaustive"));
  public static final ConfigKey<Integer> GATE_TOP_K =
      key("gate.top-k", "integer 1..1024", "Experts searched per query with the fixed policy.", intRange(1, 1024));
  public static final ConfigKey<Double> GATE_ADAPTIVE_P =
      key("gate.adaptive-p", "number in (0, 1]", "Cumulative gate probability the adaptive policy stops at.", doubleRange(0, 1, false));
  public static final ConfigKey<Integer> GATE_ADAPTIVE_MAX_K =
      key("gate.adaptive-max-k", "integer 1..1024", "Most experts the adaptive policy may choose.", intRange(1, 1024));
  public static final ConfigKey<Double> GATE_ENTROPY_FALLBACK =
      key("gate.entropy-fallback", "number in (0, 1]",
          "Normalised gate entropy above which the query goes to every expert (1 = never).", doubleRange(0, 1, false));

  public static final ConfigKey<String> RETRIEVAL_FUSION =
      key("retrieval.fusion", "rrf | convex", "How BM25 and vector rankings are fused.", oneOf("rrf", "convex"));
  public static final ConfigKey<Integer> RETRIEVAL_RRF_K =
      key("retrieval.rrf-k", "integer 1..1000", "The k constant of reciprocal rank fusion.", intRange(1, 1000));
  public static final ConfigKey<Double> RETRIEVAL_CONVEX_ALPHA =
      key("retrieval.convex-alpha", "number 0..1", "Weight of the vector score in convex fusion (BM25 gets 1 - alpha).",
          doubleRange(0, 1, true));
  public static final ConfigKey<Integer> RETRIEVAL_CANDIDATES =
      key("retrieval.candidates", "integer 1..10000", "Candidates taken from each of BM25 and vector search before fusion.",
          intRange(1, 10_000));
  public static final ConfigKey<Integer> RETRIEVAL_PASSAGES =
      key("retrieval.passages", "integer 1..1000", "Passages returned by search and handed to the generator.", intRange(1, 1000));

  public static final ConfigKey<Integer> GENERATOR_CONTEXT_TOKENS =
      key("generator.context-tokens", "integer 64..131072", "Token budget for the retrieved context in the prompt.",
          intRange(64, 131_072));
  public static final ConfigKey<Path> GENERATOR_PROMPT_TEMPLATE =
      key("generator.prompt-template", "a file path, or empty for the built-in template",
          "Prompt template with {context} and {question} placeholders.", optionalPath());

  public static final ConfigKey<Path> DECODER_MODEL_DIR =
      key("decoder.model-dir", "a model directory, or empty for extractive answers",
          "ONNX MoE decoder model (model.onnx, tokenizer.json, config.json).", optionalPath());
  public static final ConfigKey<String> DECODER_PROVIDER =
      key("decoder.provider", "cpu | cuda | auto", "ONNX Runtime execution provider for the decoder.", oneOf("cpu", "cuda", "auto"));
  public static final ConfigKey<Integer> DECODER_THREADS =
      key("decoder.threads", "integer 0..256 (0 = all cores)", "ONNX Runtime intra-op threads for the decoder.", intRange(0, 256));
  public static final ConfigKey<String> DECODER_OPTIMIZATION_LEVEL =
      key("decoder.optimization-level", "none | basic | extended | all", "ONNX Runtime graph optimisation level.",
          oneOf("none", "basic", "extended", "all"));
  public static final ConfigKey<Integer> DECODER_MAX_NEW_TOKENS =
      key("decoder.max-new-tokens", "integer 1..32768", "Most tokens generated per answer.", intRange(1, 32_768));
  public static final ConfigKey<Double> DECODER_TEMPERATURE =
      key("decoder.temperature", "number 0..10 (0 = greedy)",
          "Sampling temperature; above 0 every answer is sampled anew.", doubleRange(0, 10, true));

  public static final ConfigKey<String> SERVER_HOST =
      key("server.host", "a host name or address", "Address the REST API listens on (API keys are required beyond loopback).",
          Parsers.text());
  public static final ConfigKey<Integer> SERVER_PORT =
      key("server.port", "integer 0..65535 (0 = any free port)", "Port of the REST API.", intRange(0, 65_535));
  public static final ConfigKey<List<String>> SERVER_API_KEYS =
      key("server.api-keys", "comma-separated keys, or empty", "Accepted values of the X-API-Key header.", list());
  public static final ConfigKey<Integer> SERVER_MAX_QUESTION_CHARS =
      key("server.max-question-chars", "integer 1..100000", "Longest question accepted.", intRange(1, 100_000));
  public static final ConfigKey<Long> SERVER_MAX_UPLOAD_BYTES =
      key("server.max-upload-bytes", "integer 1..2147483647", "Largest request body or uploaded file.",
          s -> (long) intRange(1, Integer.MAX_VALUE).apply(s));
  public static final ConfigKey<Integer> SERVER_MAX_CONCURRENT =
      key("server.max-concurrent", "integer 1..10000", "Requests served at once; more are answered 429.", intRange(1, 10_000));
  public static final ConfigKey<Duration> SERVER_REQUEST_TIMEOUT =
      key("server.request-timeout", "duration such as 30s, 500ms, 2m or PT30S", "Longest time a request may take.", duration());

  /** Every key, in the order of the reference table. */
  public static final List<ConfigKey<?>> ALL = List.of(
      INDEX_DIR, INDEX_KEEP_GENERATIONS,
      EMBEDDING_MODEL, EMBEDDING_THREADS, EMBEDDING_BATCH_SIZE,
      CHUNKING_MAX_TOKENS, CHUNKING_OVERLAP_TOKENS, CHUNKING_MAX_DOCUMENT_CHARS,
      EXPERTS_COUNT, EXPERTS_MAX_SIZE_FACTOR, EXPERTS_SAMPLE_SIZE, EXPERTS_REBALANCE_THRESHOLD, EXPERTS_REPLICATION, EXPERTS_SEED,
      GATE_KIND, GATE_POLICY, GATE_TOP_K, GATE_ADAPTIVE_P, GATE_ADAPTIVE_MAX_K, GATE_ENTROPY_FALLBACK,
      RETRIEVAL_FUSION, RETRIEVAL_RRF_K, RETRIEVAL_CONVEX_ALPHA, RETRIEVAL_CANDIDATES, RETRIEVAL_PASSAGES,
      GENERATOR_CONTEXT_TOKENS, GENERATOR_PROMPT_TEMPLATE,
      DECODER_MODEL_DIR, DECODER_PROVIDER, DECODER_THREADS, DECODER_OPTIMIZATION_LEVEL, DECODER_MAX_NEW_TOKENS,
      DECODER_TEMPERATURE,
      SERVER_HOST, SERVER_PORT, SERVER_API_KEYS, SERVER_MAX_QUESTION_CHARS, SERVER_MAX_UPLOAD_BYTES,
      SERVER_MAX_CONCURRENT, SERVER_REQUEST_TIMEOUT);

  private static final Map<String, ConfigKey<?>> BY_NAME =
      ALL.stream().collect(Collectors.toUnmodifiableMap(ConfigKey::name, Function.identity()));

  /** The key of that name, if MODE has one. */
  public static Optional<ConfigKey<?>> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The Markdown reference table of every key with its default; {@code docs/configuration.md} holds exactly this. */
  public static String referenceTable() {
    Map<String, String> defaults = ConfigLoader.defaults();
    var sb = new StringBuilder();
    sb.append("| key | environment variable | default | allowed | what it does |\n");
    sb.append("|---|---|---|---|---|\n");
    for (ConfigKey<?> k : ALL) {
      String def = defaults.getOrDefault(k.name(), "");
      sb.append("| `").append(k.name()).append("` | `").append(k.envName()).append("` | ")
          .append(def.isEmpty() ? "(empty)" : "`" + def + "`").append(" | ").append(k.allowed().replace("|", "\\|"))
          .append(" | ").append(k.description()).append(" |\n");
    }
    return sb.toString();
  }

  private static <T> ConfigKey<T> key(String name, String allowed, String description, Function<String, T> parser) {
    return new ConfigKey<>(name, allowed, description, parser);
  }
}
