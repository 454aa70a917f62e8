package dev.mode.core;

import java.util.Map;

/**
 * A document to index, as ingestion produces it: its extracted text and what is known about it.
 *
 * @param id unique id (a path relative to the input root, a JSONL id, ...)
 * @param title title, or empty
 * @param text extracted plain text; passage offsets refer to it
 * @param source where it came from (a file URI, a dataset name)
 * @param contentType detected media type
 * @param modified last-modified time, epoch millis (0 if unknown)
 * @param metadata user metadata, or null for none; no key or value may be null
 */
public record SourceDocument(String id, String title, String text, String source, String contentType, long modified,
    Map<String, String> metadata) {
  public SourceDocument {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a document needs an id");
    }
    title = title == null ? "" : title;
    metadata = StringMaps.copyOf(metadata, "document " + id + ": metadata");
  }
}
