package dev.mode.core.embed;

/** One token of a text, as the half-open character range {@code [start, end)} it covers. */
public record TokenSpan(int start, int end) {}
