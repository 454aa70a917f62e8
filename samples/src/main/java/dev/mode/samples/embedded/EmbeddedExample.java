package dev.mode.samples.embedded;

import dev.mode.config.ModeConfig;
import dev.mode.core.Answer;
import dev.mode.core.Citation;
import dev.mode.core.ExpertInfo;
import dev.mode.core.Hit;
import dev.mode.core.ModeEngine;
import dev.mode.core.SearchRequest;
import dev.mode.core.SourceDocument;
import dev.mode.indexer.IndexReport;
import dev.mode.indexer.Indexer;
import dev.mode.indexer.ingest.FileTreeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MODE embedded in a plain Java program: builds an index of a corpus (once), opens a {@link ModeEngine}, lists its
 * experts, searches, answers a question with citations, and adds and deletes a document.
 *
 * <p>Arguments: {@code [INDEX_DIR [CORPUS_DIR [QUESTION]]]}, by default {@code .mode/sample-index},
 * {@code samples/corpus} and a question about Vesuvius.
 */
public final class EmbeddedExample {
  private EmbeddedExample() {}

  public static void main(String[] args) throws Exception {
    Path index = Path.of(args.length > 0 ? args[0] : ".mode/sample-index");
    Path corpus = Path.of(args.length > 1 ? args[1] : "samples/corpus");
    String question = args.length > 2 ? args[2] : "When did Mount Vesuvius destroy Pompeii?";
    ModeConfig config = ModeConfig.defaults().withIndexDir(index);

    if (!Files.exists(index.resolve("CURRENT"))) {
      System.out.println("Indexing " + corpus + " into " + index + " ...");
      IndexReport report = Indexer.builder().config(config)
          .source(new FileTreeSource(List.of(corpus), List.of(), List.of())).build()
          .run((stage, done, total) -> {});
      System.out.println("Indexed " + report.documents() + " documents as " + report.passages() + " passages in "
          + report.experts() + " experts.");
    }

    try (ModeEngine engine = ModeEngine.open(config)) {
      System.out.println("\nExperts:");
      for (ExpertInfo e : engine.experts()) {
        System.out.printf("  #%d %-40s %4d passages%n", e.id(), e.label(), e.passages());
      }

      System.out.println("\nSearch: lava flows");
      for (Hit h : engine.search(SearchRequest.of("lava flows")).hits()) {
        System.out.printf("  %.4f %s (expert %d)%n", h.score(), h.title(), h.expert());
      }

      Answer answer = engine.ask(question);
      System.out.println("\nQ: " + question + "\nA: " + answer.text());
      for (Citation c : answer.citations()) {
        System.out.printf("  [%d] %s (%s)%n", c.marker(), c.title(), c.docId());
      }

      String id = "notes/example.txt";
      long passages = engine.add(List.of(new SourceDocument(id, "A note", "MODE routes each question to the "
          + "document experts most likely to hold its answer.", "example", "text/plain", 0, Map.of())));
      System.out.println("\nAdded " + id + " (" + passages + " passages); deleted again: " + engine.delete(id));
    }
  }
}
