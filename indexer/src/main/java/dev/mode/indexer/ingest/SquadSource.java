package dev.mode.indexer.ingest;

import dev.mode.core.SourceDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQuAD-format JSON (v1.1 and v2.0, e.g. XQuAD): every paragraph ({@code context}) is a document, with id
 * {@code ARTICLE-PARAGRAPH} (0-based indexes, the ids BEIR's conversion of these sets uses), the article title as
 * its title and {@code article} in its metadata. Questions are not indexed.
 */
public final class SquadSource implements DocumentSource {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Path file;

  public SquadSource(Path file) {
    this.file = file;
  }

  @Override
  public void read(Consumer<SourceDocument> documents, Consumer<Skipped> skipped) {
    JsonNode root;
    long modified;
    try {
      modified = Files.getLastModifiedTime(file).toMillis();
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      skipped.accept(new Skipped(file.toString(), "cannot read: " + Skipped.describe(e)));
      return;
    } catch (RuntimeException e) {
      skipped.accept(new Skipped(file.toString(), "not valid JSON"));
      return;
    }
    JsonNode data = root == null ? null : root.get("data");
    if (data == null || !data.isArray()) {
      skipped.accept(new Skipped(file.toString(), "not SQuAD JSON (no \"data\" array)"));
      return;
    }
    for (int a = 0; a < data.size(); a++) {
      JsonNode article = data.get(a);
      String title = article.path("title").asString("").replace('_', ' ');
      JsonNode paragraphs = article.get("paragraphs");
      if (paragraphs == null || !paragraphs.isArray()) {
        skipped.accept(new Skipped(file + "#" + a, "article has no paragraphs"));
        continue;
      }
      for (int p = 0; p < paragraphs.size(); p++) {
        String id = a + "-" + p;
        String context = paragraphs.get(p).path("context").asString("");
        if (context.isBlank()) {
          skipped.accept(new Skipped(file + "#" + id, "paragraph has no context"));
          continue;
        }
        documents.accept(new SourceDocument(id, title, context, file.toUri() + "#" + id, "application/x-squad+json",
            modified, Map.of("article", title)));
      }
    }
  }
}
