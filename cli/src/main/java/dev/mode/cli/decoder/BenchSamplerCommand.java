package dev.mode.cli.decoder;

import dev.mode.decoder.bench.SamplerBenchmark;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mode bench sampler}: time per sampled token against the full-sort baseline, as a Markdown table. */
@Command(name = "sampler", mixinStandardHelpOptions = true,
    description = "Top-k / top-p sampling time per token against a full sort of the vocabulary (docs/benchmarks.md).")
public final class BenchSamplerCommand implements Callable<Integer> {
  @Option(names = "--vocab", split = ",", defaultValue = "32000,151936", paramLabel = "N[,N...]",
      description = "Vocabulary sizes (default: ${DEFAULT-VALUE}: Mixtral's and Qwen2's).")
  List<Integer> vocabs;

  @Option(names = "--tokens", defaultValue = "100", description = "Draws per setting (default: ${DEFAULT-VALUE}).")
  int tokens;

  @Override
  public Integer call() {
    if (tokens < 1 || vocabs.stream().anyMatch(v -> v < 2)) {
      throw new IllegalArgumentException("--tokens must be at least 1 and every --vocab at least 2");
    }
    System.out.println("| vocabulary | sampling | full sort, ms/token | MODE, ms/token | ratio |");
    System.out.println("|---|---|---|---|---|");
    for (var r : SamplerBenchmark.run(vocabs.stream().mapToInt(Integer::intValue).toArray(), tokens)) {
      String how = r.topK() > 0 ? "top-k " + r.topK() : String.format(Locale.ROOT, "top-p %.1f", r.topP());
      System.out.printf(Locale.ROOT, "| %,d | %s, temperature 0.8 | %.2f | %.2f | %.1fx |%n", r.vocab(), how,
          r.fullSortMs(), r.sampledMs(), r.ratio());
    }
    return 0;
  }
}
