package dev.mode.core.answer;

import dev.mode.core.Hit;
import dev.mode.core.ModeException;
import java.util.List;

/**
 * Builds a generator's input from retrieved passages so the prompt always fits the generator: the context budget
 * is {@code generator.context-tokens}, lowered to what the generator's prompt budget leaves after the template
 * and question; then, while the rendered prompt (as the generator feeds it, e.g. in a chat template) is still too
 * long, the last context block is dropped. Context is trimmed rather than the request failing; only a question
 * that does not fit even without context is an error.
 */
public final class PromptFitter {
  private final PromptTemplate template;
  private final Generator generator;
  private final int contextTokens;

  /**
   * @param contextTokens tokens the context blocks may take at most ({@code generator.context-tokens})
   */
  public PromptFitter(PromptTemplate template, Generator generator, int contextTokens) {
    this.template = template;
    this.generator = generator;
    this.contextTokens = contextTokens;
  }

  /**
   * The input for a question over ranked hits.
   *
   * @throws ModeException when the question and template alone exceed the generator's prompt budget
   */
  public GenerationInput fit(String question, float[] questionVector, List<Hit> hits) {
    int limit = generator.promptBudget();
    int budget = contextTokens;
    if (limit != Integer.MAX_VALUE) {
      int bare = generator.promptTokens(template.render(question, List.of()));
      if (bare >= limit) {
        throw new ModeException("the question and prompt template take " + bare + " tokens, but " + generator.name()
            + " takes prompts of at most " + limit + " tokens; shorten the question or generator.prompt-template");
      }
      budget = Math.min(budget, limit - bare);
    }
    List<ContextPassage> ctx = budget < 1 ? List.of()
        : new ContextAssembler(budget, generator::countTokens).assemble(hits);
    String prompt = template.render(question, ctx);
    while (limit != Integer.MAX_VALUE && !ctx.isEmpty() && generator.promptTokens(prompt) > limit) {
      ctx = ctx.subList(0, ctx.size() - 1);
      prompt = template.render(question, ctx);
    }
    return new GenerationInput(question, questionVector, List.copyOf(ctx), prompt);
  }
}
