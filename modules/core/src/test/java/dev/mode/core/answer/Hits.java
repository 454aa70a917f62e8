package dev.mode.core.answer;

import dev.mode.core.Hit;
import java.util.Map;

/** Builds hits for tests, the way the retriever returns them. */
final class Hits {
  private Hits() {}

  static Hit hit(String docId, int start, String text) {
    return hit(docId, "Title of " + docId, start, text);
  }

  static Hit hit(String docId, String title, int start, String text) {
    return new Hit(docId + "#" + start, docId, title, text, "test:" + docId, start, start + text.length(),
        0, 1.0, 0, 0, Map.of());
  }

  /** Tokens as whitespace-separated words: simple, and exact enough to check budgets by hand. */
  static int words(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }
}
