package dev.mode.core.index;

import java.util.Map;

/**
 * One retrievable unit: a span of a source document with its embedding, ready to be written to an expert shard.
 *
 * @param id unique passage id ({@code docId#ordinal})
 * @param docId id of the document it comes from
 * @param ordinal position of the passage in its document, from 0
 * @param title document title
 * @param text the passage text
 * @param source where the document came from (a URI or path)
 * @param contentType media type of the original document
 * @param modified last-modified time of the document, epoch millis (0 if unknown)
 * @param metadata user metadata of the document
 * @param start character offset of the passage in the document's extracted text
 * @param end end offset (exclusive)
 * @param vector L2-normalised embedding of the passage
 */
public record Passage(String id, String docId, int ordinal, String title, String text, String source, String contentType,
    long modified, Map<String, String> metadata, int start, int end, float[] vector) {

  /** The id MODE gives the {@code ordinal}-th passage of a document. */
  public static String idOf(String docId, int ordinal) {
    return docId + "#" + ordinal;
  }
}
