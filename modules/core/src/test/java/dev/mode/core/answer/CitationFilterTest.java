package dev.mode.core.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CitationFilterTest {

  @Test
  void keepsMarkersOfContextPassagesAndDropsOthers() {
    assertThat(CitationFilter.clean("Rome [1]. Paris [7]. Both [2, 9].", Set.of(1, 2)))
        .isEqualTo("Rome [1]. Paris. Both [2].");
    assertThat(CitationFilter.clean("A [1][3] and [0]", Set.of(3))).isEqualTo("A [3] and");
  }

  @Test
  void leavesOtherBracketsAlone() {
    assertThat(CitationFilter.clean("arrays [i] and [a, b] and [", Set.of(1))).isEqualTo("arrays [i] and [a, b] and [");
    assertThat(CitationFilter.clean("x [[1]", Set.of(1))).isEqualTo("x [[1]");
  }

  @Test
  void filtersMarkersSplitAcrossStreamedPiecesAndPiecesConcatenateToTheText() {
    List<String> pieces = new ArrayList<>();
    var f = new CitationFilter(Set.of(2), pieces::add);
    for (String p : List.of("Naples is ", "near [", "2", "] and [", "1", "0]", " too [2")) {
      f.accept(p);
    }
    f.finish();
    assertThat(f.text()).isEqualTo("Naples is near [2] and too [2");
    assertThat(String.join("", pieces)).isEqualTo(f.text());
    assertThat(f.dropped()).isEqualTo(1);
    assertThat(pieces.get(0)).isEqualTo("Naples is"); // only the trailing space is held back
  }
}
