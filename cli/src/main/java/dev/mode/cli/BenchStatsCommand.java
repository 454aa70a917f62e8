package dev.mode.cli;

import dev.mode.core.bench.StatisticsBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code mode bench stats}: the global BM25 statistics of routed searches, remembered per generation or not. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Time the global BM25 term statistics of routed searches with and without the per-generation memo "
        + "(docs/benchmarks.md).")
public final class BenchStatsCommand implements Callable<Integer> {
  @Option(names = "--index", required = true, paramLabel = "DIR", description = "A MODE index.")
  Path index;

  @Option(names = "--queries", required = true, paramLabel = "FILE",
      description = "Queries, one JSON object with a \"text\" per line (a BEIR queries.jsonl).")
  Path queries;

  @Option(names = "--experts", defaultValue = "2", description = "Experts searched (default: ${DEFAULT-VALUE}).")
  int experts;

  @Option(names = "--rounds", defaultValue = "5", description = "Rounds; the best is kept (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    if (experts < 1 || rounds < 1) {
      throw new IllegalArgumentException("--experts and --rounds must be at least 1");
    }
    if (!Files.isRegularFile(queries)) {
      throw new IllegalArgumentException("no queries file at " + queries);
    }
    var json = JsonMapper.builder().build();
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(queries)) {
      if (!line.isBlank()) {
        JsonNode text = json.readTree(line).get("text");
        if (text != null && !text.asString().isBlank()) {
          texts.add(text.asString());
        }
      }
    }
    if (texts.isEmpty()) {
      throw new IllegalArgumentException(queries + " holds no query with a \"text\"");
    }
    var r = StatisticsBenchmark.run(index, texts, experts, rounds);
    System.out.println("| queries | terms per query | experts searched | statistics looked up each time, ms/query "
        + "| remembered per generation, ms/query | ratio | routed BM25 search, ms/query |");
    System.out.println("|---|---|---|---|---|---|---|");
    System.out.printf(Locale.ROOT, "| %d | %.1f | %d | %.3f | %.3f | %.1fx | %.2f |%n", r.queries(), r.termsPerQuery(),
        r.experts(), r.lookupMs(), r.memoMs(), r.ratio(), r.searchMs());
    return 0;
  }
}
