package dev.mode.core.answer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The prompt given to a model-based generator: numbered context blocks, the question and an instruction to cite.
 * A template is text with the placeholders {@code {context}} and {@code {question}}; the default is
 * {@link #DEFAULT_TEXT}.
 */
public record PromptTemplate(String text) {

  /** The built-in template. */
  public static final String DEFAULT_TEXT = """
      Answer the question using only the numbered context passages below. After each statement, cite the \
      passages it comes from with their numbers in square brackets, like [1] or [2][3]. If the passages do not \
      contain the answer, say that you do not know.

      Context:
      {context}

      Question: {question}
      Answer:""";

  public PromptTemplate {
    if (!text.contains("{context}") || !text.contains("{question}")) {
      throw new IllegalArgumentException("a prompt template needs both {context} and {question} placeholders");
    }
  }

  public static PromptTemplate defaults() {
    return new PromptTemplate(DEFAULT_TEXT);
  }

  /** Reads a template file. */
  public static PromptTemplate read(Path file) throws IOException {
    return new PromptTemplate(Files.readString(file));
  }

  /** One context block as it appears in the prompt. */
  public static String block(ContextPassage p) {
    String title = p.hit().title() == null || p.hit().title().isBlank() ? "" : " (" + p.hit().title() + ")";
    return "[" + p.marker() + "]" + title + " " + p.hit().text().strip();
  }

  public String render(String question, List<ContextPassage> context) {
    StringBuilder ctx = new StringBuilder();
    for (ContextPassage p : context) {
      if (!ctx.isEmpty()) {
        ctx.append("\n\n");
      }
      ctx.append(block(p));
    }
    return text.replace("{context}", ctx).replace("{question}", question.strip());
  }
}
