package dev.mode.cli;

import dev.mode.config.ModeConfig;
import dev.mode.indexer.IndexReport;
import dev.mode.indexer.Indexer;
import dev.mode.indexer.ingest.FileTreeSource;
import dev.mode.indexer.ingest.JsonlSource;
import dev.mode.indexer.ingest.Skipped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mode index}: builds a new index generation from documents. */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = "Index documents into document experts (a new generation, published atomically).")
public final class IndexCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Option(names = "--input", paramLabel = "PATH", required = true, arity = "1..*",
      description = "Files or directories to index (directories recursively).")
  List<Path> inputs;

  @Option(names = "--index", paramLabel = "DIR", description = "Index directory (index.dir).")
  Path index;

  @Option(names = "--experts", paramLabel = "N", description = "Number of experts; 0 = from corpus size (experts.count).")
  Integer experts;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
      description = "auto | files | jsonl | beir | squad (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--include", paramLabel = "GLOB", description = "Only files whose relative path matches.")
  List<String> includes = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip files whose relative path matches.")
  List<String> excludes = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("index.dir", index);
    flags.put("experts.count", experts);
    ModeConfig config = configOptions.load(flags);
    var builder = Indexer.builder().config(config);
    List<Path> files = new ArrayList<>();
    for (Path in : inputs) {
      String f = format.toLowerCase(Locale.ROOT);
      boolean jsonl = f.equals("jsonl") || f.equals("auto") && Files.isRegularFile(in)
          && (in.toString().endsWith(".jsonl") || in.toString().endsWith(".ndjson"));
      switch (f) {
        case "auto", "files", "jsonl" -> {
          if (jsonl) {
            builder.source(new JsonlSource(in));
          } else {
            files.add(in);
          }
        }
        default -> throw new IllegalArgumentException("unknown --format '" + format + "'; use auto, files, jsonl, beir or squad");
      }
    }
    if (!files.isEmpty()) {
      builder.source(new FileTreeSource(files, includes, excludes));
    }
    var progress = new ProgressPrinter(System.err);
    IndexReport r = builder.build().run(progress);
    progress.finish();
    printReport(r);
    return 0;
  }

  static void printReport(IndexReport r) {
    System.out.printf(Locale.ROOT, "indexed %d documents as %d passages into %d experts: %s%n", r.documents(), r.passages(),
        r.experts(), r.generationDir());
    System.out.println("expert sizes (passages): " + r.expertSizes());
    System.out.println("stage times (ms): " + r.stageMillis());
    if (!r.skipped().isEmpty()) {
      System.out.println("skipped " + r.skipped().size() + ":");
      for (Skipped s : r.skipped()) {
        System.out.println("  " + s.source() + ": " + s.reason());
      }
    }
  }
}
