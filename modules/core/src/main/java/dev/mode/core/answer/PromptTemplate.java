package dev.mode.core.answer;

import dev.mode.core.ModeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt given to a model-based generator: numbered context blocks, the question and an instruction to cite.
 * A template is text with the placeholders {@code {context}} and {@code {question}}, each required; the default is
 * {@link #DEFAULT_TEXT} and a file named by {@code generator.prompt-template} replaces it. Each context block is
 * {@code [n] (title) passage text}, blocks separated by a blank line.
 */
public record PromptTemplate(String text) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{context\\}|\\{question\\}");

  /** Where the numbered context blocks go. */
  public static final String CONTEXT = "{context}";
  /** Where the question goes. */
  public static final String QUESTION = "{question}";

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
    if (text == null) {
      throw new IllegalArgumentException("the prompt template is null");
    }
    List<String> missing = java.util.stream.Stream.of(CONTEXT, QUESTION).filter(p -> !text.contains(p)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the prompt template lacks the placeholder" + (missing.size() > 1 ? "s " : " ")
          + String.join(" and ", missing) + "; it needs both " + CONTEXT + " and " + QUESTION);
    }
  }

  public static PromptTemplate defaults() {
    return new PromptTemplate(DEFAULT_TEXT);
  }

  /**
   * Reads a template file (UTF-8).
   *
   * @throws ModeException naming the file when it cannot be read or lacks a placeholder
   */
  public static PromptTemplate read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ModeException("the prompt template " + file + " does not exist (generator.prompt-template)", e);
    } catch (IOException e) {
      throw new ModeException("cannot read the prompt template " + file + ": " + e.getMessage(), e);
    }
    try {
      return new PromptTemplate(text);
    } catch (IllegalArgumentException e) {
      throw new ModeException(file + ": " + e.getMessage(), e);
    }
  }

  /** One context block as it appears in the prompt. */
  public static String block(ContextPassage p) {
    String title = p.hit().title() == null || p.hit().title().isBlank() ? "" : " (" + p.hit().title().strip() + ")";
    return "[" + p.marker() + "]" + title + " " + p.hit().text().strip();
  }

  /** The prompt for a question over numbered context passages. */
  public String render(String question, List<ContextPassage> context) {
    StringBuilder ctx = new StringBuilder();
    for (ContextPassage p : context) {
      if (!ctx.isEmpty()) {
        ctx.append("\n\n");
      }
      ctx.append(block(p));
    }
    String q = question.strip();
    // One pass, so a question or passage that itself contains a placeholder is left as written.
    return PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group().equals(CONTEXT) ? ctx.toString() : q));
  }
}
