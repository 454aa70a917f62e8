package dev.mode.cli;

import dev.mode.core.ExpertInfo;
import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.Manifest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mode experts}: the experts of an index (size, label, top terms), read from its manifest. */
@Command(name = "experts", mixinStandardHelpOptions = true, description = "List the experts of an index.")
public final class ExpertsCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Option(names = "--index", paramLabel = "DIR", description = "Index directory (index.dir).")
  Path index;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    var config = configOptions.load(java.util.Collections.singletonMap("index.dir", index));
    var layout = new IndexLayout(config.index().dir());
    Manifest m = Manifest.read(layout.requireCurrent());
    List<ExpertInfo> experts = m.experts().stream()
        .map(e -> new ExpertInfo(e.id(), e.passages(), e.documents(), e.label(), e.topTerms(), 0)).toList();
    String gate = m.gate() == null ? "centroid" : m.gate().kind();
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("generation", m.generation());
      out.put("createdAt", m.createdAt());
      out.put("documents", m.documents());
      out.put("passages", m.passages());
      out.put("embeddingModel", m.embeddingModel());
      out.put("gate", gate);
      out.put("changedSinceClustering", m.changedSinceClustering());
      out.put("experts", experts.stream().map(e -> {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("id", e.id());
        x.put("passages", e.passages());
        x.put("documents", e.documents());
        x.put("label", e.label());
        x.put("topTerms", e.topTerms());
        return x;
      }).toList());
      System.out.println(Output.JSON.writeValueAsString(out));
      return 0;
    }
    System.out.printf(Locale.ROOT, "generation %d, %d documents, %d passages, model %s, gate %s%n", m.generation(),
        m.documents(), m.passages(), m.embeddingModel(), gate);
    Output.experts(System.out, experts);
    return 0;
  }
}
