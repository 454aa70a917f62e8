package dev.mode.cli;

import dev.mode.config.ModeConfig;
import dev.mode.indexer.IndexReport;
import dev.mode.indexer.Indexer;
import dev.mode.indexer.RebalanceReport;
import dev.mode.indexer.UpdateReport;
import dev.mode.indexer.ingest.FileTreeSource;
import dev.mode.indexer.ingest.JsonlSource;
import dev.mode.indexer.ingest.Skipped;
import dev.mode.indexer.ingest.SquadSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mode index}: builds a new index generation from documents, or changes the live one ({@code --add},
 * {@code --delete}, {@code rebalance}). Results and the summary go to stdout, progress to stderr.
 */
@Command(name = "index", mixinStandardHelpOptions = true, subcommands = IndexCommand.Rebalance.class,
    description = {"Index documents into document experts (a new generation, published atomically).",
        "With --add, add or replace documents in the live index; with --delete, remove documents by id (all or "
            + "nothing: when one is not in the index, none is deleted)."})
public final class IndexCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOptions configOptions;

  @Option(names = "--input", paramLabel = "PATH", arity = "1..*",
      description = "Files or directories to index (directories recursively), JSONL files, BEIR dataset folders, "
          + "SQuAD JSON files.")
  List<Path> inputs = new ArrayList<>();

  @Option(names = "--index", paramLabel = "DIR", description = "Index directory (index.dir).")
  Path index;

  @Option(names = "--experts", paramLabel = "N", description = "Number of experts; 0 = from corpus size (experts.count).")
  Integer experts;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
      description = "auto | files | jsonl | beir | squad (default: ${DEFAULT-VALUE}). auto: a folder holding "
          + "corpus.jsonl is BEIR, *.jsonl/*.ndjson is JSONL, *.json is SQuAD, anything else goes through Tika.")
  String format;

  @Option(names = "--include", paramLabel = "GLOB",
      description = "Only files whose relative path (or name) matches; **/ also matches no directory.")
  List<String> includes = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "GLOB",
      description = "Skip files whose relative path (or name) matches, e.g. drafts/** or *.tmp.")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--id-root", paramLabel = "DIR", description = "Ids of files are their paths relative to DIR "
      + "(default: relative to each --input directory; a single file's id is its name). Give the directory the index "
      + "was built from when adding files from inside it.")
  Path idRoot;

  @Option(names = "--add", description = "Add the inputs to the live index (replacing documents with the same id), "
      + "without a rebuild.")
  boolean add;

  @Option(names = "--delete", paramLabel = "ID", description = "Delete a document by id from the live index "
      + "(repeatable).")
  List<String> deletes = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (!deletes.isEmpty() && (add || !inputs.isEmpty())) {
      throw usage("--delete takes no --input and no --add; run them separately");
    }
    if (deletes.isEmpty() && inputs.isEmpty()) {
      throw usage("missing --input PATH (or --delete ID, or the rebalance subcommand)");
    }
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("index.dir", index);
    flags.put("experts.count", experts);
    ModeConfig config = configOptions.load(flags);
    requireIndexDirectory(config, index != null);
    var builder = Indexer.builder().config(config);
    if (!deletes.isEmpty()) {
      return printDelete(builder.build().delete(deletes), System.out, System.err);
    }
    addSources(builder, config);
    var progress = new ProgressPrinter(System.err);
    try {
      if (add) {
        UpdateReport r = builder.build().add(progress);
        progress.finish();
        printAdd(r, System.out);
      } else {
        IndexReport r = builder.build().run(progress);
        progress.finish();
        printReport(r, System.out);
      }
    } finally {
      progress.finish();
    }
    return 0;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /**
   * Fails at once, before anything is parsed or embedded, when the index directory is a regular file (it would
   * otherwise fail only when the new generation is created, with a bare file-system error).
   */
  static void requireIndexDirectory(ModeConfig config, boolean fromFlag) {
    Path dir = config.index().dir();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException((fromFlag ? "--index " : "index.dir ") + dir + " is a file, not a directory");
    }
  }

  private void addSources(Indexer.Builder builder, ModeConfig config) {
    String f = format.toLowerCase(Locale.ROOT);
    if (!List.of("auto", "files", "jsonl", "beir", "squad").contains(f)) {
      throw usage("unknown --format '" + format + "'; use auto, files, jsonl, beir or squad");
    }
    if (idRoot != null && !Files.isDirectory(idRoot)) {
      throw usage("--id-root " + idRoot + " is not a directory");
    }
    List<Path> files = new ArrayList<>();
    for (Path in : inputs) {
      String name = in.getFileName() == null ? "" : in.getFileName().toString().toLowerCase(Locale.ROOT);
      String kind = !f.equals("auto") ? f
          : Files.isDirectory(in) && Files.isRegularFile(in.resolve("corpus.jsonl")) ? "beir"
          : Files.isRegularFile(in) && (name.endsWith(".jsonl") || name.endsWith(".ndjson")) ? "jsonl"
          : Files.isRegularFile(in) && name.endsWith(".json") ? "squad"
          : "files";
      switch (kind) {
        case "jsonl" -> builder.source(new JsonlSource(in));
        case "beir" -> builder.source(JsonlSource.beir(in));
        case "squad" -> builder.source(new SquadSource(in));
        default -> files.add(in);
      }
    }
    if (!files.isEmpty()) {
      FileTreeSource tree;
      try {
        tree = new FileTreeSource(files, includes, excludes);
      } catch (IllegalArgumentException badGlob) { // a typo in --include or --exclude is a usage error
        throw usage(badGlob.getMessage());
      }
      builder.source(tree.withIdRoot(idRoot).withMaxChars(config.chunking().maxDocumentChars()));
    }
  }

  static void printReport(IndexReport r) {
    printReport(r, System.out);
  }

  static void printReport(IndexReport r, PrintStream out) {
    out.printf(Locale.ROOT, "indexed %d documents as %d passages into %d experts: %s%n", r.documents(), r.passages(),
        r.experts(), r.generationDir());
    out.println("expert sizes (passages): " + r.expertSizes());
    out.println("stage times (ms): " + r.stageMillis());
    printSkipped(r.skipped(), out);
  }

  static void printAdd(UpdateReport r, PrintStream out) {
    out.printf(Locale.ROOT, "added %d documents as %d passages (%d old passages replaced): %s%n", r.documentsAdded(),
        r.passagesAdded(), r.passagesDeleted(), r.generationDir());
    out.printf(Locale.ROOT, "index: %d passages, %d added since the experts were clustered%n", r.passages(),
        r.changedSinceClustering());
    printSkipped(r.skipped(), out);
  }

  static int printDelete(UpdateReport r, PrintStream out, PrintStream err) {
    if (!r.notFound().isEmpty()) { // Indexer.delete is all or nothing
      err.println("error: not in the index: " + String.join(", ", r.notFound()) + "; nothing was deleted");
      return 1;
    }
    out.printf(Locale.ROOT, "deleted %d passages: %s%n", r.passagesDeleted(), r.generationDir());
    return 0;
  }

  private static void printSkipped(List<Skipped> skipped, PrintStream out) {
    if (skipped.isEmpty()) {
      out.println("skipped: none");
      return;
    }
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (Skipped s : skipped) {
      byReason.merge(reasonKind(s.reason()), 1L, Long::sum);
    }
    out.println("skipped " + skipped.size() + ": " + byReason);
    for (Skipped s : skipped) {
      out.println("  " + s.source() + ": " + s.reason());
    }
  }

  /**
   * A skip reason without what differs from one input to the next (ids, detected types, sizes in parentheses), so
   * the summary counts inputs by kind of reason; each input's full reason is listed below it.
   */
  static String reasonKind(String reason) {
    String kind = reason.replaceAll("document \\S+ ", "document ").replaceAll("duplicate id .*", "duplicate id")
        .replaceAll("this file is already indexed as .*", "this file is already indexed under another id")
        .replaceAll("\\s*\\(.*\\)$", "");
    return kind.length() > 80 ? kind.substring(0, 77) + "..." : kind;
  }

  /** {@code mode index rebalance}: re-clusters the live index from its stored vectors when it has drifted. */
  @Command(name = "rebalance", mixinStandardHelpOptions = true,
      description = "Re-cluster the experts from the stored passage vectors (no re-embedding) when they have drifted"
          + " past experts.rebalance-threshold or experts.max-size-factor.")
  static final class Rebalance implements Callable<Integer> {
    @Mixin ConfigOptions configOptions;

    @Option(names = "--index", paramLabel = "DIR", description = "Index directory (index.dir).")
    Path index;

    @Option(names = "--experts", paramLabel = "N", description = "Number of experts (default: keep the current number).")
    Integer experts;

    @Option(names = "--force", description = "Re-cluster even without drift.")
    boolean force;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> flags = new LinkedHashMap<>();
      flags.put("index.dir", index);
      flags.put("experts.count", experts);
      ModeConfig config = configOptions.load(flags);
      requireIndexDirectory(config, index != null);
      var progress = new ProgressPrinter(System.err);
      RebalanceReport r;
      try {
        r = Indexer.builder().config(config).build().rebalance(force, progress);
      } finally {
        progress.finish();
      }
      System.out.println((r.rebalanced() ? "rebalanced: " : "not rebalanced: ") + r.reason());
      System.out.println("expert sizes before: " + r.sizesBefore());
      if (r.rebalanced()) {
        System.out.println("expert sizes after:  " + r.sizesAfter());
      }
      System.out.println("generation: " + r.generationDir());
      return 0;
    }
  }
}
