package dev.mode.cli;

import dev.mode.config.ModeConfig;
import dev.mode.core.Answer;
import dev.mode.core.ModeEngine;
import dev.mode.indexer.IndexReport;
import dev.mode.indexer.Indexer;
import dev.mode.indexer.ingest.FileTreeSource;
import java.io.IOException;
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
import tools.jackson.databind.JsonNode;

/**
 * {@code mode demo}: the whole path on the bundled samples. Indexes the sample corpus into experts, then routes
 * each sample question to its experts and prints the answer with its citations, checking it against the
 * expected answer.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Index the bundled sample corpus and answer the sample questions, end to end.")
public final class DemoCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Option(names = "--corpus", paramLabel = "DIR", description = "Documents to index (default: samples/corpus).")
  Path corpus;

  @Option(names = "--questions", paramLabel = "FILE", description = "Questions, JSON lines (default: samples/questions.jsonl).")
  Path questions;

  @Option(names = "--index", paramLabel = "DIR", description = "Where to build the demo index (default: .mode/demo-index).")
  Path index;

  @Option(names = "--experts", paramLabel = "N", description = "Number of experts (default: from corpus size).")
  Integer experts;

  private record Question(String id, String question, String answer, String source) {}

  @Override
  public Integer call() throws IOException {
    Path home = Path.of(System.getenv().getOrDefault("MODE_HOME", "."));
    Path corpusDir = corpus != null ? corpus : home.resolve("samples/corpus");
    Path questionFile = questions != null ? questions : home.resolve("samples/questions.jsonl");
    Path indexDir = index != null ? index : home.resolve(".mode/demo-index");
    if (!Files.isDirectory(corpusDir)) {
      throw new IllegalArgumentException("sample corpus not found at " + corpusDir + "; pass --corpus DIR");
    }
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("index.dir", indexDir);
    flags.put("experts.count", experts);
    ModeConfig config = configOptions.load(flags);

    System.out.println("== Indexing " + corpusDir);
    var progress = new ProgressPrinter(System.err);
    IndexReport report = Indexer.builder().config(config)
        .source(new FileTreeSource(List.of(corpusDir), List.of(), List.of("**/README.md")))
        .build().run(progress);
    progress.finish();
    IndexCommand.printReport(report);

    List<Question> qs = readQuestions(questionFile);
    int found = 0;
    try (ModeEngine engine = ModeEngine.open(config)) {
      System.out.println();
      System.out.println("== Experts");
      Output.experts(System.out, engine.experts());
      for (Question q : qs) {
        System.out.println();
        System.out.println("== Q: " + q.question());
        Answer a = engine.ask(q.question());
        Output.answer(System.out, a, true);
        boolean ok = q.answer() != null && a.text().toLowerCase(Locale.ROOT).contains(q.answer().toLowerCase(Locale.ROOT));
        boolean sourceCited = q.source() != null && a.citations().stream()
            .anyMatch(c -> a.text().contains("[" + c.marker() + "]") && c.docId().equals(q.source()));
        found += ok ? 1 : 0;
        System.out.printf(Locale.ROOT, "Expected: %s (%s) -> %s%s; %.0f ms%n", q.answer(), q.source(),
            ok ? "answer found" : "answer NOT found", sourceCited ? ", source cited" : "", a.timings().totalMs());
      }
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "== %d of %d answers contain the expected text%n", found, qs.size());
    return 0;
  }

  private static List<Question> readQuestions(Path file) throws IOException {
    List<Question> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      System.err.println("no questions file at " + file + "; skipping questions");
      return out;
    }
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = Output.JSON.readTree(line);
      out.add(new Question(n.path("id").asString(), n.path("question").asString(), n.path("answer").asString(null),
          n.path("source").asString(null)));
    }
    return out;
  }
}
