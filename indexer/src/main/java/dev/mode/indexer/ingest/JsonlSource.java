package dev.mode.indexer.ingest;

import dev.mode.core.SourceDocument;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON Lines, one document per line: {@code {"id": ..., "title": ..., "text": ..., "metadata": {...}}}. Also reads
 * BEIR's {@code corpus.jsonl}, whose ids are under {@code _id}.
 */
public final class JsonlSource implements DocumentSource {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Path file;

  public JsonlSource(Path file) {
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
        String where = file + ":" + n;
        try {
          JsonNode node = JSON.readTree(line);
          String id = text(node, "id");
          if (id == null) {
            id = text(node, "_id");
          }
          String text = text(node, "text");
          if (id == null || id.isBlank()) {
            skipped.accept(new Skipped(where, "no id"));
            continue;
          }
          if (text == null || text.isBlank()) {
            skipped.accept(new Skipped(where, "no text"));
            continue;
          }
          Map<String, String> meta = new LinkedHashMap<>();
          JsonNode m = node.get("metadata");
          if (m != null && m.isObject()) {
            for (var e : m.properties()) {
              meta.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asString() : e.getValue().toString());
            }
          }
          documents.accept(new SourceDocument(id, text(node, "title"), text, file.toUri() + "#" + id,
              "application/x-ndjson", 0L, meta));
        } catch (RuntimeException e) {
          skipped.accept(new Skipped(where, "not a JSON object: " + e.getMessage()));
        }
      }
    } catch (IOException e) {
      skipped.accept(new Skipped(file.toString(), "cannot read: " + e.getMessage()));
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }
}
