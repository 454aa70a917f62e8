package dev.mode.cli;

import dev.mode.core.Hit;
import dev.mode.core.ModeEngine;
import dev.mode.core.SearchResult;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mode search}: routed hybrid search, printing ranked passages. */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Search an index (routed hybrid retrieval).")
public final class SearchCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Parameters(paramLabel = "QUERY", arity = "1..*", description = "The query.")
  java.util.List<String> words;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String query = String.join(" ", words).strip();
    if (query.isEmpty()) { // a usage error, as for ask, found before the index is opened
      throw new ParameterException(spec.commandLine(), "the query is empty");
    }
    try (ModeEngine engine = engineOptions.open(engineOptions.config())) {
      SearchResult r = engine.search(engineOptions.request(query));
      if (json) {
        System.out.println(Output.JSON.writeValueAsString(r));
        return 0;
      }
      System.out.println("Experts: " + Output.routing(r.routing()));
      int rank = 1;
      for (Hit h : r.hits()) {
        String text = h.text().replaceAll("\\s+", " ");
        System.out.printf(Locale.ROOT, "%2d. %.4f  %s  [%s, expert %d]%n    %s%n", rank++, h.score(), h.title(),
            h.passageId(), h.expert(), text.length() > 240 ? text.substring(0, 240) + "…" : text);
      }
      return 0;
    }
  }
}
