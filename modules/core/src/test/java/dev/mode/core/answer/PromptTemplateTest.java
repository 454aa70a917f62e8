package dev.mode.core.answer;

import static dev.mode.core.answer.Hits.hit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.core.ModeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTemplateTest {
  private final List<ContextPassage> ctx = List.of(new ContextPassage(1, hit("a", 0, "Pompeii was buried in 79 AD.")),
      new ContextPassage(2, hit("b", 0, "Vesuvius is near Naples.")));

  @Test
  void defaultTemplateNumbersTheBlocksAndAsksForCitations() {
    String p = PromptTemplate.defaults().render("  When was Pompeii buried? ", ctx);
    assertThat(p).contains("[1] (Title of a) Pompeii was buried in 79 AD.\n\n[2] (Title of b) Vesuvius is near Naples.")
        .contains("Question: When was Pompeii buried?\nAnswer:")
        .contains("cite the passages").contains("[1]").doesNotContain("{context}").doesNotContain("{question}");
    assertThat(p.indexOf("[1] (Title")).isLessThan(p.indexOf("Question:"));
  }

  @Test
  void customTemplateFileIsUsed(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("t.txt");
    Files.writeString(f, "Q={question}\nC={context}\nEND");
    String p = PromptTemplate.read(f).render("why?", ctx);
    assertThat(p).isEqualTo("Q=why?\nC=[1] (Title of a) Pompeii was buried in 79 AD.\n\n"
        + "[2] (Title of b) Vesuvius is near Naples.\nEND");
  }

  @Test
  void placeholdersInTheQuestionAreNotExpanded() {
    String p = new PromptTemplate("{context}|{question}").render("what is {context}?", ctx.subList(0, 1));
    assertThat(p).isEqualTo("[1] (Title of a) Pompeii was buried in 79 AD.|what is {context}?");
  }

  @Test
  void aMissingPlaceholderIsAClearError(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> new PromptTemplate("Context: {context}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lacks the placeholder {question}");
    assertThatThrownBy(() -> new PromptTemplate("nothing")).hasMessageContaining("{context} and {question}");
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, "Question: {question}");
    assertThatThrownBy(() -> PromptTemplate.read(f)).isInstanceOf(ModeException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("{context}");
    assertThatThrownBy(() -> PromptTemplate.read(dir.resolve("none.txt"))).isInstanceOf(ModeException.class)
        .hasMessageContaining("does not exist");
  }
}
