package dev.mode.indexer.ingest;

import dev.mode.core.SourceDocument;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON Lines, one document per line: {@code {"id": ..., "title": ..., "text": ..., "metadata": {...}}}. Also reads
 * BEIR's {@code corpus.jsonl}, whose ids are under {@code _id} and whose documents are sometimes a title alone
 * (then the title is the text). A line that is not valid UTF-8 or not a JSON object is skipped with its line number;
 * the rest of the file is still read.
 */
public final class JsonlSource implements DocumentSource {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Path file;
  private final String contentType;

  public JsonlSource(Path file) {
    this(file, "application/x-ndjson");
  }

  JsonlSource(Path file, String contentType) {
    this.file = file;
    this.contentType = contentType;
  }

  /** The corpus of a BEIR dataset: {@code dir/corpus.jsonl}, or the file itself when given one. */
  public static JsonlSource beir(Path dirOrCorpus) {
    Path f = Files.isDirectory(dirOrCorpus) ? dirOrCorpus.resolve("corpus.jsonl") : dirOrCorpus;
    return new JsonlSource(f, "application/x-beir-corpus");
  }

  @Override
  public void read(Consumer<SourceDocument> documents, Consumer<Skipped> skipped) {
    long modified;
    try {
      modified = Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      skipped.accept(new Skipped(file.toString(), "cannot read: " + Skipped.describe(e)));
      return;
    }
    var utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    // Read bytes as Latin-1 (one char per byte, never fails), then decode each line strictly as UTF-8, so one
    // badly encoded line is reported and skipped instead of ending the file.
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String raw;
      int n = 0;
      while ((raw = r.readLine()) != null) {
        n++;
        String where = file + ":" + n;
        String line;
        try {
          line = utf8.decode(ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
          skipped.accept(new Skipped(where, "not valid UTF-8"));
          continue;
        }
        if (n == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        parseLine(line, where, modified, documents, skipped);
      }
    } catch (IOException e) {
      skipped.accept(new Skipped(file.toString(), "cannot read: " + Skipped.describe(e)));
    }
  }

  private void parseLine(String line, String where, long modified, Consumer<SourceDocument> documents,
      Consumer<Skipped> skipped) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (StreamConstraintsException e) { // valid JSON, past a limit of the parser (string length, nesting)
      skipped.accept(new Skipped(where, "too large for the JSON reader: " + e.getOriginalMessage()));
      return;
    } catch (RuntimeException e) {
      skipped.accept(new Skipped(where, "not valid JSON"));
      return;
    }
    if (node == null || !node.isObject()) {
      skipped.accept(new Skipped(where, "not a JSON object"));
      return;
    }
    String id = text(node, "id");
    if (id == null) {
      id = text(node, "_id");
    }
    if (id == null || id.isBlank()) {
      skipped.accept(new Skipped(where, "no id"));
      return;
    }
    String title = text(node, "title");
    String text = text(node, "text");
    if (text == null || text.isBlank()) {
      text = title; // BEIR corpora hold title-only documents (e.g. CACM)
    }
    if (text == null || text.isBlank()) {
      skipped.accept(new Skipped(where, "document " + id + " has no text"));
      return;
    }
    Map<String, String> meta = new LinkedHashMap<>();
    JsonNode m = node.get("metadata");
    if (m != null && m.isObject()) {
      for (var e : m.properties()) {
        meta.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asString() : e.getValue().toString());
      }
    }
    documents.accept(new SourceDocument(id, title, text, file.toUri() + "#" + id, contentType, modified, meta));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.isValueNode() ? v.asString() : v.toString();
  }
}
