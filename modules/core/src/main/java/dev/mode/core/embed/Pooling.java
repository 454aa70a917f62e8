package dev.mode.core.embed;

/** How token vectors become one sentence vector; each model was trained with one of these. */
public enum Pooling {
  /** The first ([CLS]) token's vector (bge). */
  CLS,
  /** The attention-masked mean of all token vectors (sentence-transformers MiniLM). */
  MEAN
}
