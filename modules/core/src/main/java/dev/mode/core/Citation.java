package dev.mode.core;

/**
 * A passage given to the generator as context block {@code [marker]}, with what a reader needs to check it.
 *
 * @param marker the number used in the answer text
 * @param docId document id
 * @param title document title
 * @param source where the document came from
 * @param passageId the passage
 * @param start character offset of the passage in the document's text
 * @param end end offset (exclusive)
 * @param expert the expert the passage came from
 * @param score its retrieval score
 * @param text the passage text as the generator saw it
 * @param cited true when the answer text cites it as {@code [marker]}
 */
public record Citation(int marker, String docId, String title, String source, String passageId, int start, int end,
    int expert, double score, String text, boolean cited) {}
