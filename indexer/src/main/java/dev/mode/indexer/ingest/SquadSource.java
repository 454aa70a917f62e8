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
 * SQuAD-format JSON (v1.1 and v2.0, e.g. XQuAD): every paragraph ({@code context}) is a document, with the article
 * title as its title and {@code article} in its metadata. Its id is {@code FILE:ARTICLE-PARAGRAPH}, e.g.
 * {@code xquad.en.json:0-0} (0-based indexes; {@code ARTICLE-PARAGRAPH} alone is the id BEIR's conversion of these
 * sets uses): positions repeat in every SQuAD file, so without the file's name a second file would replace the
 * first one's paragraphs. {@link #SquadSource(Path, String)} sets another prefix ({@code ""} for BEIR's ids).
 * Questions are not indexed.
 */
public final class SquadSource implements DocumentSource {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Path file;
  private final String idPrefix;

  /** The paragraphs of {@code file}, with ids prefixed by the file's name and a colon. */
  public SquadSource(Path file) {
    this(file, file.getFileName() + ":");
  }

  /** The paragraphs of {@code file}, with ids {@code idPrefix + "ARTICLE-PARAGRAPH"}. */
  public SquadSource(Path file, String idPrefix) {
    this.file = file;
    this.idPrefix = idPrefix;
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
        String position = a + "-" + p;
        String id = idPrefix + position;
        String context = paragraphs.get(p).path("context").asString("");
        if (context.isBlank()) {
          skipped.accept(new Skipped(file + "#" + position, "paragraph has no context"));
          continue;
        }
        documents.accept(new SourceDocument(id, title, context, file.toUri() + "#" + position,
            "application/x-squad+json", modified, Map.of("article", title)));
      }
    }
  }
}
