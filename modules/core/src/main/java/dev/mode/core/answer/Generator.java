package dev.mode.core.answer;

import dev.mode.core.Cancellation;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Turns a question and its retrieved context into an answer that cites the context. Streaming is by callback:
 * {@code onText} receives each piece of text as soon as it exists, and the returned text is exactly their
 * concatenation; {@link GenerationPublisher} adapts this to {@link Flow.Publisher} for reactive users. A
 * generation stops early, with stop reason {@code cancelled}, once its {@link Cancellation} is set.
 * Implementations are thread-safe.
 */
public interface Generator extends AutoCloseable {

  /** Name shown in answers' metadata, e.g. {@code extractive} or {@code onnx-moe}. */
  String name();

  /** True when the answer is copied from the context rather than written by a model. */
  boolean extractive();

  /** Tokens of a text as this generator counts them, for fitting context into its budget. */
  int countTokens(String text);

  /** Tokens the rendered prompt takes as the generator will feed it (e.g. inside the model's chat template). */
  default int promptTokens(String prompt) {
    return countTokens(prompt);
  }

  /**
   * The most tokens a prompt may take: the model's context window less the room kept for the answer.
   * {@link Integer#MAX_VALUE} when the generator has no such limit.
   */
  default int promptBudget() {
    return Integer.MAX_VALUE;
  }

  /**
   * Writes the answer.
   *
   * @param input the question, its numbered context and the rendered prompt
   * @param onText receives each piece of text as it is produced, on the calling thread
   * @param cancellation checked between pieces
   */
  GeneratedText generate(GenerationInput input, Consumer<String> onText, Cancellation cancellation);

  @Override
  default void close() {}
}
