package dev.mode.core;

import java.util.List;

/**
 * An answer with everything needed to trust and check it. Serialises to JSON as a plain record (Jackson 3).
 *
 * @param question the question asked
 * @param text the answer as a reader sees it: readable sentences with citation markers like [1]
 * @param shortAnswer the shortest text that answers the question, without markers: for an extractive answer the
 *     span of the best cited sentence that answers it (a name, a date, a number, a phrase), for a generated one the
 *     text without its markers; empty when there is no answer
 * @param citations every passage given to the generator, in marker order; {@link Citation#cited()} tells which
 *     of them the text cites
 * @param routing which experts were searched and why
 * @param generator the generator that wrote it ({@code extractive} or a model name)
 * @param extractive true when the text is copied from the sources rather than generated
 * @param stopReason why generation stopped ({@code complete}, {@code max_tokens}, {@code cancelled},
 *     {@code no_context})
 * @param timings time per stage
 */
public record Answer(String question, String text, String shortAnswer, List<Citation> citations, Routing routing,
    String generator, boolean extractive, String stopReason, Timings timings) {
  public Answer {
    citations = List.copyOf(citations);
  }

  /** The citations the text actually refers to. */
  public List<Citation> cited() {
    return citations.stream().filter(Citation::cited).toList();
  }
}
