package dev.mode.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public request records refuse bad input with a message that says what to fix, never a bare exception. */
class PublicRecordsTest {

  @Test
  void aNullFilterValueIsRefusedByName() {
    Map<String, String> filters = new HashMap<>();
    filters.put("path", null);
    assertThatThrownBy(() -> new SearchRequest("lava", null, null, null, filters))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("filter 'path' has a null value; leave the key out instead");
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    assertThatThrownBy(() -> new SearchRequest("lava", null, null, null, nullKey))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("filter has a null key");
  }

  @Test
  void aNullMetadataValueIsRefusedNamingTheDocumentAndKey() {
    Map<String, String> metadata = new HashMap<>();
    metadata.put("lang", null);
    assertThatThrownBy(() -> new SourceDocument("notes/a.txt", "A", "text", null, null, 0, metadata))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("document notes/a.txt: metadata 'lang' has a null value; leave the key out instead");
  }

  @Test
  void nullMapsMeanNone() {
    assertThat(new SearchRequest("lava", null, null, null, null).filters()).isEmpty();
    assertThat(new SourceDocument("a", null, "text", null, null, 0, null).metadata()).isEmpty();
  }
}
