package dev.mode.cli;

import dev.mode.indexer.eval.BeirDataset;
import dev.mode.indexer.eval.EvalReport;
import dev.mode.indexer.eval.EvalRunner;
import dev.mode.indexer.eval.SvgPlot;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mode eval}: retrieval and routing quality on a BEIR-layout dataset (corpus.jsonl, queries.jsonl,
 * qrels/test.tsv). Builds or reuses an index under {@code .mode/eval/}, runs every judged query in every mode and
 * prints one table row per mode; {@code --json} and {@code --plot} write the figures to files.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate retrieval and routing on a BEIR-layout dataset (nDCG@10, Recall@100, MRR@10, work, latency).")
public final class EvalCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Option(names = "--dataset", paramLabel = "DIR", required = true,
      description = "BEIR-layout dataset folder (read only).")
  Path dataset;

  @Option(names = "--experts", paramLabel = "N", defaultValue = "8", description = "Experts in the index (default: ${DEFAULT-VALUE}).")
  int experts;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path json;

  @Option(names = "--plot", paramLabel = "FILE", description = "Also write an SVG plot of quality against experts searched.")
  Path plot;

  @Option(names = "--runs", paramLabel = "DIR",
      description = "Also write each mode's document rankings as TREC run files (hybrid.run, learned-k2.run, ...) into DIR.")
  Path runs;

  @Option(names = "--index", paramLabel = "DIR",
      description = "Index directory to build or reuse (default: .mode/eval/<dataset>-<N>[-<assigner>]); an index"
          + " eval did not build is replaced only with --rebuild.")
  Path index;

  @Option(names = "--assigner", paramLabel = "KIND", defaultValue = "default",
      description = "How passages become experts: default (as the indexer builds them, see experts.replication) | document"
          + " | passage | boundary-SHARE (default: ${DEFAULT-VALUE}).")
  String assigner;

  @Option(names = "--rebuild", description = "Build the index afresh from the corpus, even if a matching one or a sibling to regroup exists.")
  boolean rebuild;

  @Override
  public Integer call() throws Exception {
    if (experts < 1) {
      throw new IllegalArgumentException("--experts must be at least 1");
    }
    BeirDataset ds = BeirDataset.load(dataset);
    Path dir = index != null ? index : EvalRunner.defaultIndexDir(Path.of(""), ds.name(), experts, assigner);
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("index.dir", dir.toAbsolutePath());
    flags.put("experts.count", experts);
    var config = configOptions.load(flags);
    EvalRunner.assigner(assigner, config); // a clear error for an unknown name, before anything is built
    var runner = new EvalRunner(config, System.err::println);
    var progress = new ProgressPrinter(System.err);
    runner.ensureIndex(ds, assigner, rebuild, progress);
    progress.finish();
    EvalReport report = runner.evaluate(ds, assigner, runs);
    System.out.print(report.table());
    if (json != null) {
      report.writeJson(json);
    }
    if (plot != null) {
      SvgPlot.write(report, plot);
    }
    return 0;
  }
}
