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

  @Test
  void aMetadataPairOverLucenesTermLimitIsStoredButNotAFilterTerm() {
    String huge = "\u00e9".repeat(17_000); // 34,000 bytes in UTF-8, though only 17,000 characters
    var p = new Passage("d#0", "d", 0, "t", "text", "s", "text/plain", 0, Map.of("topic", "x", "blob", huge), 0, 4,
        new float[] {1f});
    var doc = PassageFields.toDocument(p, false);
    assertThat(doc.getFields(PassageFields.META_TERMS)).extracting(f -> f.stringValue()).containsExactly("topic=x");
    assertThat(doc.get(PassageFields.METADATA)).contains(huge);
  }
}
