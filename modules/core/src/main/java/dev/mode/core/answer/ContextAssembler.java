package dev.mode.core.answer;

import dev.mode.core.Hit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Chooses which retrieved passages go into the prompt: drops duplicates (the same text, or spans of one document
 * that overlap by more than half, as chunk overlap produces), keeps rank order (best first), and fits the blocks
 * into the generator's token budget. A passage that does not fit is skipped so a shorter one further down may
 * still use the room; only when the best passage alone exceeds the whole budget is it cut (at a word boundary) so
 * that the context is never empty while there are hits. Markers [1]..[n] follow the order of the result.
 */
public final class ContextAssembler {
  /** Tokens between two blocks (the blank line) counted per block. */
  private static final int SEPARATOR_TOKENS = 2;

  private final int budgetTokens;
  private final ToIntFunction<String> tokenCounter;

  /**
   * @param budgetTokens tokens all context blocks together may take
   * @param tokenCounter counts tokens as the generator does
   */
  public ContextAssembler(int budgetTokens, ToIntFunction<String> tokenCounter) {
    if (budgetTokens < 1) {
      throw new IllegalArgumentException("the context budget must be at least 1 token, got " + budgetTokens);
    }
    this.budgetTokens = budgetTokens;
    this.tokenCounter = tokenCounter;
  }

  public int budgetTokens() {
    return budgetTokens;
  }

  /** The passages to put in the prompt, numbered from 1, best first. */
  public List<ContextPassage> assemble(List<Hit> hits) {
    List<ContextPassage> out = new ArrayList<>();
    List<Hit> kept = new ArrayList<>();
    Set<String> seenText = new HashSet<>();
    int used = 0;
    for (Hit h : hits) {
      String norm = h.text().strip().replaceAll("\\s+", " ");
      if (norm.isEmpty() || seenText.contains(norm) || overlapsKept(h, kept)) {
        continue;
      }
      var candidate = new ContextPassage(out.size() + 1, h);
      int cost = cost(candidate);
      if (used + cost > budgetTokens) {
        if (!out.isEmpty()) {
          continue; // a shorter passage further down may still fit
        }
        candidate = cut(candidate);
        if (candidate == null) {
          continue;
        }
        cost = cost(candidate);
      }
      seenText.add(norm);
      used += cost;
      out.add(candidate);
      kept.add(h);
    }
    return out;
  }

  private int cost(ContextPassage p) {
    return tokenCounter.applyAsInt(PromptTemplate.block(p)) + SEPARATOR_TOKENS;
  }

  /** The longest word-boundary prefix of the passage whose block fits the whole budget, or null if none does. */
  private ContextPassage cut(ContextPassage p) {
    String text = p.hit().text().strip();
    int lo = 0;
    int hi = text.length();
    while (lo < hi) { // largest length whose block fits
      int mid = (lo + hi + 1) >>> 1;
      if (cost(withText(p, text.substring(0, mid))) <= budgetTokens) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int end = lo;
    int space = text.lastIndexOf(' ', end);
    if (end < text.length() && space > 0) {
      end = space;
    }
    String prefix = text.substring(0, end).strip();
    return prefix.isEmpty() ? null : withText(p, prefix);
  }

  private static ContextPassage withText(ContextPassage p, String text) {
    Hit h = p.hit();
    int leading = h.text().indexOf(text.isEmpty() ? "" : text.substring(0, 1));
    int start = h.start() + Math.max(0, leading);
    return new ContextPassage(p.marker(), new Hit(h.passageId(), h.docId(), h.title(), text, h.source(), start,
        Math.min(h.end(), start + text.length()), h.expert(), h.score(), h.bm25Score(), h.vectorScore(), h.metadata()));
  }

  /** Same document and the spans share more than half of the shorter one. */
  private static boolean overlapsKept(Hit h, List<Hit> kept) {
    for (Hit k : kept) {
      if (k.docId().equals(h.docId())) {
        int overlap = Math.min(k.end(), h.end()) - Math.max(k.start(), h.start());
        int shorter = Math.min(k.end() - k.start(), h.end() - h.start());
        if (shorter > 0 && overlap > shorter / 2) {
          return true;
        }
      }
    }
    return false;
  }
}
