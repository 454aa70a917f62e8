package dev.mode.core.text;

/**
 * A passage cut from a document: the half-open character range {@code [start, end)} of the document's text,
 * its text and its length in model tokens.
 */
public record Chunk(int start, int end, String text, int tokens) {}
