package dev.mode.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PassageFieldsTest {

  private static Passage passage(String title, String text) {
    return new Passage("d#0", "d", 0, title, text, "s", "text/plain", 0, Map.of(), 0, text.length(), new float[] {1f});
  }

  @Test
  void bm25TextIsTitleThenText() {
    assertThat(PassageFields.content(passage("B-trees", "Balanced search trees."))).isEqualTo("B-trees\nBalanced search trees.");
    assertThat(PassageFields.content(passage("", "Balanced search trees."))).isEqualTo("Balanced search trees.");
  }

  @Test
  void aTitleThatIsTheWholeTextCountsOnce() {
    assertThat(PassageFields.content(passage("Compiler design", "Compiler design"))).isEqualTo("Compiler design");
  }
}
