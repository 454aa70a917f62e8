package dev.mode.cli;

import dev.mode.config.ModeConfig;
import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.OnnxEmbedder;
import dev.mode.indexer.bench.IndexBenchmark;
import dev.mode.indexer.bench.SyntheticCorpus;
import dev.mode.indexer.ingest.DocumentSource;
import dev.mode.indexer.ingest.JsonlSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mode bench index}: indexing throughput per stage (parse, chunk, embed, cluster, write) and peak heap, on
 * BEIR-layout collections and on a synthetic corpus. Prints a Markdown table to stdout; progress goes to stderr.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = "Indexing throughput per stage and peak heap (figures for docs/benchmarks.md).")
public final class BenchIndexCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Option(names = "--collection", paramLabel = "DIR", description = "A BEIR-layout folder (corpus.jsonl); repeatable. "
      + "Default: every folder under ../shared/datasets/beir when present.")
  List<Path> collections = new ArrayList<>();

  @Option(names = "--synthetic", paramLabel = "N", defaultValue = "0",
      description = "Also index a synthetic corpus of N one-passage documents (0: none).")
  int synthetic;

  @Option(names = "--synthetic-words", paramLabel = "W", defaultValue = "24",
      description = "Words per synthetic document (default: ${DEFAULT-VALUE}, about 1.3 tokens each).")
  int syntheticWords;

  @Option(names = "--no-collections", description = "Skip the collections (synthetic corpus only).")
  boolean noCollections;

  @Override
  public Integer call() throws Exception {
    ModeConfig config = configOptions.load();
    List<String> names = new ArrayList<>();
    List<DocumentSource> sources = new ArrayList<>();
    if (!noCollections) {
      List<Path> dirs = new ArrayList<>(collections);
      Path shared = Path.of("../shared/datasets/beir");
      if (dirs.isEmpty() && Files.isDirectory(shared)) {
        try (var s = Files.list(shared)) {
          s.filter(d -> Files.isRegularFile(d.resolve("corpus.jsonl"))).sorted().forEach(dirs::add);
        }
      }
      for (Path d : dirs) {
        if (!Files.isRegularFile(d.resolve("corpus.jsonl"))) {
          throw new IllegalArgumentException(d + " has no corpus.jsonl (BEIR layout expected)");
        }
        names.add(d.getFileName().toString());
        sources.add(JsonlSource.beir(d));
      }
    }
    if (synthetic > 0) {
      names.add("synthetic-" + synthetic);
      sources.add(new SyntheticCorpus(synthetic, syntheticWords, config.experts().seed()));
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("nothing to benchmark: give --collection DIR or --synthetic N");
    }
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "model %s, %d threads, batch %d, %d cores, max heap %s, chunking %d/%d tokens%n%n",
        config.embedding().model(), config.embedding().threads(), config.embedding().batchSize(),
        Runtime.getRuntime().availableProcessors(), mib(Runtime.getRuntime().maxMemory()),
        config.chunking().maxTokens(), config.chunking().overlapTokens());
    out.println("| corpus | docs | passages | experts | total s | parse | chunk | embed | cluster | write | gate "
        + "| not embedding | peak heap |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    out.flush();
    try (var embedder = OnnxEmbedder.load(EmbeddingModel.byId(config.embedding().model()), config.embedding().threads(),
        config.embedding().batchSize())) {
      for (int i = 0; i < sources.size(); i++) {
        var progress = new ProgressPrinter(System.err);
        IndexBenchmark.Row r;
        try {
          r = IndexBenchmark.run(names.get(i), sources.get(i), config, embedder, progress);
        } finally {
          progress.finish();
        }
        out.println(row(r));
        out.flush();
      }
    }
    out.println();
    out.println("Stage cells: seconds, passages/s (documents/s where they differ). 'not embedding': share of stage "
        + "time outside the embed stage. Peak heap: highest used heap sampled every 20 ms.");
    return 0;
  }

  static String row(IndexBenchmark.Row r) {
    var sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f |", r.corpus(), r.documents(), r.passages(),
        r.experts(), r.totalMillis() / 1000.0));
    for (String stage : List.of("parse", "chunk", "embed", "cluster", "write", "gate")) {
      var s = r.stages().stream().filter(x -> x.name().equals(stage)).findFirst().orElse(null);
      if (s == null) {
        sb.append(" - |");
      } else if (r.documents() == r.passages()) {
        sb.append(String.format(Locale.ROOT, " %.1f s, %s/s |", s.millis() / 1000.0, rate(s.passagesPerSecond())));
      } else {
        sb.append(String.format(Locale.ROOT, " %.1f s, %s/s (%s docs/s) |", s.millis() / 1000.0,
            rate(s.passagesPerSecond()), rate(s.documentsPerSecond())));
      }
    }
    sb.append(String.format(Locale.ROOT, " %.1f%% | %s of %s |", 100 * r.nonEmbedShare(), mib(r.peakHeapBytes()),
        mib(r.maxHeapBytes())));
    return sb.toString();
  }

  private static String rate(double v) {
    return Double.isInfinite(v) ? "∞" : v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String mib(long bytes) {
    return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%d MiB", bytes >> 20);
  }
}
