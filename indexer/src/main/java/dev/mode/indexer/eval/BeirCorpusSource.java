package dev.mode.indexer.eval;

import dev.mode.core.SourceDocument;
import dev.mode.indexer.ingest.DocumentSource;
import dev.mode.indexer.ingest.Skipped;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A BEIR {@code corpus.jsonl} as documents for evaluation. Unlike a general JSONL source it keeps documents that
 * have a title but no text (half of CACM's are titles only, and a fifth of its judged documents): a judged document
 * left out of the index would be a relevant document no mode could ever find.
 */
final class BeirCorpusSource implements DocumentSource {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Path file;

  BeirCorpusSource(Path file) {
    this.file = file;
  }

  @Override
  public void read(Consumer<SourceDocument> documents, Consumer<Skipped> skipped) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode node = JSON.readTree(line);
          String id = node.path("_id").asString("");
          String title = node.path("title").asString("");
          String text = node.path("text").asString("");
          if (id.isBlank() || text.isBlank() && title.isBlank()) {
            skipped.accept(new Skipped(file + ":" + n, id.isBlank() ? "no _id" : "no title or text"));
            continue;
          }
          // a title-only document is indexed with its title as its text (and no separate title, to count it once)
          documents.accept(new SourceDocument(id, text.isBlank() ? "" : title, text.isBlank() ? title : text,
              file.toUri() + "#" + id, "application/x-ndjson", 0L, Map.of()));
        } catch (RuntimeException e) {
          skipped.accept(new Skipped(file + ":" + n, "not a JSON object: " + e.getMessage()));
        }
      }
    } catch (IOException e) {
      skipped.accept(new Skipped(file.toString(), "cannot read: " + e.getMessage()));
    }
  }
}
