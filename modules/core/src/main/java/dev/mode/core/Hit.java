package dev.mode.core;

import java.util.Map;

/**
 * One retrieved passage with what is needed to cite it and to see why it ranked where it did.
 *
 * @param passageId passage id ({@code docId#ordinal})
 * @param docId id of the source document
 * @param title document title
 * @param text passage text
 * @param source where the document came from
 * @param start character offset of the passage in the document's text
 * @param end end offset (exclusive)
 * @param expert the expert (shard) holding it
 * @param score final (fused) score; higher is better
 * @param bm25Score BM25 score with global statistics, or 0 when BM25 did not return it
 * @param vectorScore vector similarity score, or 0 when vector search did not return it
 * @param metadata the document's user metadata
 */
public record Hit(String passageId, String docId, String title, String text, String source, int start, int end,
    int expert, double score, double bm25Score, double vectorScore, Map<String, String> metadata) {}
