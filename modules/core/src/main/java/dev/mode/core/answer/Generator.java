package dev.mode.core.answer;

import java.util.function.Consumer;

/**
 * Turns a question and its retrieved context into an answer that cites the context. Streaming is by callback:
 * {@code onText} receives each piece of text as soon as it exists, and the returned text is their concatenation.
 * Implementations are thread-safe.
 */
public interface Generator extends AutoCloseable {

  /** Name shown in answers' metadata, e.g. {@code extractive} or {@code onnx-moe}. */
  String name();

  /** True when the answer is copied from the context rather than written by a model. */
  boolean extractive();

  /** Tokens of a text as this generator counts them, for fitting context into its budget. */
  int countTokens(String text);

  GeneratedText generate(GenerationInput input, Consumer<String> onText, Cancellation cancellation);

  @Override
  default void close() {}
}
