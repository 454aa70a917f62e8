package dev.mode.core;

/**
 * A source an answer cites as {@code [marker]}.
 *
 * @param marker the number used in the answer text
 * @param docId document id
 * @param title document title
 * @param source where the document came from
 * @param passageId the passage cited
 * @param start character offset of the passage in the document's text
 * @param end end offset (exclusive)
 * @param expert the expert the passage came from
 * @param score its retrieval score
 * @param text the passage text
 */
public record Citation(int marker, String docId, String title, String source, String passageId, int start, int end,
    int expert, double score, String text) {}
