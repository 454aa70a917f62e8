package dev.mode.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * MODE's configuration as Spring Boot properties: every key of docs/configuration.md under {@code mode.} (e.g.
 * {@code mode.index.dir}, {@code mode.gate.top-k}). A property left unset keeps MODE's shipped default. The values
 * are only carried here; {@link #toOverrides()} hands them to {@code ConfigLoader}, which validates them, so the
 * CLI and Spring accept exactly the same values.
 */
@ConfigurationProperties(prefix = "mode", ignoreUnknownFields = false)
public record ModeProperties(Index index, Embedding embedding, Chunking chunking, Experts experts, Gate gate,
    Retrieval retrieval, Generator generator, Decoder decoder, Server server) {

  /** {@code mode.index.*}: where the index lives. */
  public record Index(Path dir, Integer keepGenerations) {}

  /** {@code mode.embedding.*}: the sentence-embedding model. */
  public record Embedding(String model, Integer threads, Integer batchSize) {}

  /** {@code mode.chunking.*}: passage size and overlap, and the longest document read. */
  public record Chunking(Integer maxTokens, Integer overlapTokens, Integer maxDocumentChars) {}

  /** {@code mode.experts.*}: how documents are grouped into experts. */
  public record Experts(Integer count, Double maxSizeFactor, Integer sampleSize, Double rebalanceThreshold,
      Double replication, Long seed) {}

  /** {@code mode.gate.*}: routing of queries to experts. */
  public record Gate(String kind, String policy, Integer topK, Double adaptiveP, Integer adaptiveMaxK,
      Double entropyFallback) {}

  /** {@code mode.retrieval.*}: hybrid retrieval inside the chosen experts. */
  public record Retrieval(String fusion, Integer rrfK, Double convexAlpha, Integer candidates, Integer passages) {}

  /** {@code mode.generator.*}: context assembly. */
  public record Generator(Integer contextTokens, Path promptTemplate) {}

  /** {@code mode.decoder.*}: the ONNX decoder; no model directory means extractive answers. */
  public record Decoder(Path modelDir, String provider, Integer threads, String optimizationLevel,
      Integer maxNewTokens, Double temperature) {}

  /** {@code mode.server.*}: the REST API's address and limits (used by mode-rag-api). */
  public record Server(String host, Integer port, List<String> apiKeys, Integer maxQuestionChars, Long maxUploadBytes,
      Integer maxConcurrent, Duration requestTimeout) {}

  /** The properties that are set, as MODE configuration keys ({@code gate.top-k}) and raw values. */
  public Map<String, String> toOverrides() {
    var out = new Overrides();
    if (index != null) {
      out.put("index.dir", index.dir()).put("index.keep-generations", index.keepGenerations());
    }
    if (embedding != null) {
      out.put("embedding.model", embedding.model()).put("embedding.threads", embedding.threads())
          .put("embedding.batch-size", embedding.batchSize());
    }
    if (chunking != null) {
      out.put("chunking.max-tokens", chunking.maxTokens()).put("chunking.overlap-tokens", chunking.overlapTokens())
          .put("chunking.max-document-chars", chunking.maxDocumentChars());
    }
    if (experts != null) {
      out.put("experts.count", experts.count()).put("experts.max-size-factor", experts.maxSizeFactor())
          .put("experts.sample-size", experts.sampleSize())
          .put("experts.rebalance-threshold", experts.rebalanceThreshold())
          .put("experts.replication", experts.replication())
          .put("experts.seed", experts.seed());
    }
    if (gate != null) {
      out.put("gate.kind", gate.kind()).put("gate.policy", gate.policy()).put("gate.top-k", gate.topK())
          .put("gate.adaptive-p", gate.adaptiveP()).put("gate.adaptive-max-k", gate.adaptiveMaxK())
          .put("gate.entropy-fallback", gate.entropyFallback());
    }
    if (retrieval != null) {
      out.put("retrieval.fusion", retrieval.fusion()).put("retrieval.rrf-k", retrieval.rrfK())
          .put("retrieval.convex-alpha", retrieval.convexAlpha()).put("retrieval.candidates", retrieval.candidates())
          .put("retrieval.passages", retrieval.passages());
    }
    if (generator != null) {
      out.put("generator.context-tokens", generator.contextTokens())
          .put("generator.prompt-template", generator.promptTemplate());
    }
    if (decoder != null) {
      out.put("decoder.model-dir", decoder.modelDir()).put("decoder.provider", decoder.provider())
          .put("decoder.threads", decoder.threads()).put("decoder.optimization-level", decoder.optimizationLevel())
          .put("decoder.max-new-tokens", decoder.maxNewTokens()).put("decoder.temperature", decoder.temperature());
    }
    if (server != null) {
      out.put("server.host", server.host()).put("server.port", server.port())
          .put("server.api-keys", server.apiKeys() == null ? null : String.join(",", server.apiKeys()))
          .put("server.max-question-chars", server.maxQuestionChars())
          .put("server.max-upload-bytes", server.maxUploadBytes())
          .put("server.max-concurrent", server.maxConcurrent())
          .put("server.request-timeout", server.requestTimeout());
    }
    return out.values;
  }

  /** Collects the values that are set, in key order. */
  private static final class Overrides {
    final Map<String, String> values = new LinkedHashMap<>();

    Overrides put(String key, Object value) {
      if (value != null) {
        values.put(key, value.toString());
      }
      return this;
    }
  }
}
