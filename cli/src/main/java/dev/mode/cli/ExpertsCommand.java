package dev.mode.cli;

import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.Manifest;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mode experts}: the experts of an index, read from its manifest. */
@Command(name = "experts", mixinStandardHelpOptions = true, description = "List the experts of an index.")
public final class ExpertsCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Option(names = "--index", paramLabel = "DIR", description = "Index directory (index.dir).")
  Path index;

  @Override
  public Integer call() throws Exception {
    var config = configOptions.load(java.util.Collections.singletonMap("index.dir", index));
    var layout = new IndexLayout(config.index().dir());
    Manifest m = Manifest.read(layout.requireCurrent());
    System.out.printf(Locale.ROOT, "generation %d, %d documents, %d passages, model %s, gate %s%n", m.generation(),
        m.documents(), m.passages(), m.embeddingModel(), m.gate() == null ? "centroid" : m.gate().kind());
    Output.experts(System.out, m.experts().stream()
        .map(e -> new dev.mode.core.ExpertInfo(e.id(), e.passages(), e.documents(), e.label(), e.topTerms(), 0)).toList());
    return 0;
  }
}
