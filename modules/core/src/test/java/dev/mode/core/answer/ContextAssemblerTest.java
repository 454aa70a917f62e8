package dev.mode.core.answer;

import static dev.mode.core.answer.Hits.hit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.core.Hit;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextAssemblerTest {

  private static List<String> ids(List<ContextPassage> ctx) {
    return ctx.stream().map(p -> p.hit().passageId()).toList();
  }

  @Test
  void dropsRepeatedTextAndKeepsRankOrderWithSequentialMarkers() {
    List<Hit> hits = List.of(hit("a", 0, "Pompeii was buried in 79 AD."), hit("b", 0, "Herculaneum was buried too."),
        hit("c", 0, "  Pompeii was   buried in 79 AD. "), hit("d", 0, "Vesuvius is a volcano."));
    List<ContextPassage> ctx = new ContextAssembler(1000, Hits::words).assemble(hits);
    assertThat(ids(ctx)).containsExactly("a#0", "b#0", "d#0");
    assertThat(ctx).extracting(ContextPassage::marker).containsExactly(1, 2, 3);
  }

  @Test
  void dropsOverlappingSpansOfOneDocumentButNotOfDifferentDocuments() {
    String t = "x ".repeat(50);
    List<Hit> hits = List.of(hit("a", 0, t + "one"), hit("a", 30, t + "two"), // overlaps a#0 by 70 of 103 chars
        hit("a", 90, t + "three"), // overlaps a#0 by 13 chars only
        hit("b", 0, t + "four")); // same span, other document
    List<ContextPassage> ctx = new ContextAssembler(1000, Hits::words).assemble(hits);
    assertThat(ids(ctx)).containsExactly("a#0", "a#90", "b#0");
  }

  @Test
  void fitsTheBudgetSkippingPassagesThatDoNotFitForShorterOnes() {
    List<Hit> hits = List.of(hit("a", 0, "one two three four"), hit("b", 0, "w ".repeat(30)),
        hit("c", 0, "five six"), hit("d", 0, "seven eight nine ten eleven"));
    // block "[1] (Title of a) one two three four" = 8 words + 2 separator tokens = 10
    int budget = 10 + 6 + 5;
    List<ContextPassage> ctx = new ContextAssembler(budget, Hits::words).assemble(hits);
    assertThat(ids(ctx)).containsExactly("a#0", "c#0");
    int used = ctx.stream().mapToInt(p -> Hits.words(PromptTemplate.block(p)) + 2).sum();
    assertThat(used).isLessThanOrEqualTo(budget);
    assertThat(ctx).extracting(ContextPassage::marker).containsExactly(1, 2);
  }

  @Test
  void cutsTheBestPassageAtAWordWhenItAloneExceedsTheBudget() {
    Hit big = hit("a", 100, "alpha beta gamma delta epsilon zeta eta theta iota kappa");
    List<ContextPassage> ctx = new ContextAssembler(9, Hits::words).assemble(List.of(big));
    assertThat(ctx).hasSize(1);
    Hit cut = ctx.get(0).hit();
    // "[1] (Title of a)" = 4 words, + 2 separator tokens: 3 words of text fit
    assertThat(cut.text()).isEqualTo("alpha beta gamma");
    assertThat(cut.start()).isEqualTo(100);
    assertThat(cut.end()).isEqualTo(100 + "alpha beta gamma".length());
  }

  @Test
  void noHitsGiveNoContextAndABadBudgetIsRejected() {
    assertThat(new ContextAssembler(100, Hits::words).assemble(List.of())).isEmpty();
    assertThatThrownBy(() -> new ContextAssembler(0, Hits::words)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 token");
  }
}
