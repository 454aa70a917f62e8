package dev.mode.indexer.ingest;

/** An input that was not indexed, and why. */
public record Skipped(String source, String reason) {}
