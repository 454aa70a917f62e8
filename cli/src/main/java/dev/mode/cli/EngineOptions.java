package dev.mode.cli;

import dev.mode.config.ModeConfig;
import dev.mode.core.ModeEngine;
import dev.mode.core.SearchRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that query an index: where it is, how to route, which generator. */
public final class EngineOptions {
  @Mixin ConfigOptions configOptions;

  @Option(names = "--index", paramLabel = "DIR", description = "Index directory (index.dir).")
  Path index;

  @Option(names = "--model", paramLabel = "DIR", description = "Decoder model directory; none = extractive answers.")
  Path model;

  @Option(names = "--experts", paramLabel = "K", description = "Experts to search (gate.top-k).")
  Integer experts;

  @Option(names = "--passages", paramLabel = "N", description = "Passages to retrieve (retrieval.passages).")
  Integer passages;

  @Option(names = "--gate", paramLabel = "KIND", description = "centroid | learned (gate.kind).")
  String gate;

  @Option(names = "--policy", paramLabel = "POLICY", description = "fixed | adaptive | exhaustive (gate.policy).")
  String policy;

  ModeConfig config() {
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("index.dir", index);
    flags.put("decoder.model-dir", model);
    flags.put("gate.top-k", experts);
    flags.put("retrieval.passages", passages);
    flags.put("gate.kind", gate);
    flags.put("gate.policy", policy);
    return configOptions.load(flags);
  }

  ModeEngine open(ModeConfig config) {
    return ModeEngine.open(config);
  }

  SearchRequest request(String query) {
    return new SearchRequest(query, null, null, null, Map.of());
  }
}
