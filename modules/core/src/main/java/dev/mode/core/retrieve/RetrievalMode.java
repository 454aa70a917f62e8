package dev.mode.core.retrieve;

/** Which signals rank passages: BM25 alone, vectors alone, or both fused. */
public enum RetrievalMode {
  BM25, DENSE, HYBRID
}
