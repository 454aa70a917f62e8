package dev.mode.core.answer;

import dev.mode.core.Hit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Chooses which retrieved passages go into the prompt: drops duplicates (the same passage, or overlapping spans
 * of one document, as passage overlap produces), keeps rank order, and stops when the generator's token budget is
 * full. Markers [1]..[n] follow that order.
 */
public final class ContextAssembler {
  private final int budgetTokens;
  private final ToIntFunction<String> tokenCounter;

  public ContextAssembler(int budgetTokens, ToIntFunction<String> tokenCounter) {
    this.budgetTokens = budgetTokens;
    this.tokenCounter = tokenCounter;
  }

  public List<ContextPassage> assemble(List<Hit> hits) {
    List<ContextPassage> out = new ArrayList<>();
    List<Hit> kept = new ArrayList<>();
    Set<String> seenText = new HashSet<>();
    int used = 0;
    for (Hit h : hits) {
      String norm = h.text().strip().replaceAll("\\s+", " ");
      if (!seenText.add(norm) || overlapsKept(h, kept)) {
        continue;
      }
      var candidate = new ContextPassage(out.size() + 1, h);
      int cost = tokenCounter.applyAsInt(PromptTemplate.block(candidate)) + 2;
      if (used + cost > budgetTokens) {
        if (out.isEmpty()) {
          continue; // a single passage larger than the budget is skipped, a smaller one may still fit
        }
        break;
      }
      used += cost;
      out.add(candidate);
      kept.add(h);
    }
    return out;
  }

  /** Same document and the spans share more than half of the shorter one. */
  private static boolean overlapsKept(Hit h, List<Hit> kept) {
    for (Hit k : kept) {
      if (k.docId().equals(h.docId())) {
        int overlap = Math.min(k.end(), h.end()) - Math.max(k.start(), h.start());
        int shorter = Math.min(k.end() - k.start(), h.end() - h.start());
        if (overlap > shorter / 2) {
          return true;
        }
      }
    }
    return false;
  }
}
