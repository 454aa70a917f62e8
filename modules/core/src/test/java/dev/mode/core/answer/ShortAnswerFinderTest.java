package dev.mode.core.answer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShortAnswerFinderTest {
  private final ShortAnswerFinder finder = new ShortAnswerFinder();

  @Test
  void questionWordsGiveTheKindOfAnswer() {
    assertThat(ShortAnswerFinder.kind("How many points did they score?")).isEqualTo(ShortAnswerFinder.Kind.NUMBER);
    assertThat(ShortAnswerFinder.kind("In what year did it open?")).isEqualTo(ShortAnswerFinder.Kind.NUMBER);
    assertThat(ShortAnswerFinder.kind("What was the maximum tsunami run-up height recorded at Miyako?"))
        .isEqualTo(ShortAnswerFinder.Kind.NUMBER);
    assertThat(ShortAnswerFinder.kind("What is the name of the largest moon?")).isEqualTo(ShortAnswerFinder.Kind.PERSON);
    assertThat(ShortAnswerFinder.kind("Who won Super Bowl XLIX?")).isEqualTo(ShortAnswerFinder.Kind.PERSON);
    assertThat(ShortAnswerFinder.kind("Where was the theatre?")).isEqualTo(ShortAnswerFinder.Kind.PLACE);
    assertThat(ShortAnswerFinder.kind("What did Tesla finance?")).isEqualTo(ShortAnswerFinder.Kind.ANY);
  }

  @Test
  void findsTheSpanOfTheExpectedKindNearTheQuestionsWords() {
    assertThat(finder.find("When did Greenland sign the treaty?",
        "In 1985, Greenland signed a treaty granting it special status.")).isEqualTo("1985");
    assertThat(finder.find("How many tackles did Luke Kuechly register?",
        "Luke Kuechly registered 118 tackles and four interceptions.")).isEqualTo("118");
    assertThat(finder.find("Who won Super Bowl XLIX?",
        "The New England Patriots won Super Bowl XLIX in February.")).isEqualTo("New England Patriots");
    assertThat(finder.find("Where was the Summer Theatre located?",
        "The Summer Theatre was located in the Saxon Garden.")).isEqualTo("Saxon Garden");
    assertThat(finder.find("What was the maximum tsunami run-up height recorded at Miyako?",
        "Waves reached a maximum run-up height of 40.5 metres at Miyako in Iwate Prefecture and travelled up to 10 km"
            + " inland.")).startsWith("40.5");
  }

  @Test
  void theSpanIsCopiedVerbatimFromTheSentence() {
    String sentence = "Tesla's patents financed the Tesla Electric Light & Manufacturing company in 1886.";
    String span = finder.find("What did Tesla's patents finance?", sentence);
    assertThat(sentence).contains(span);
    assertThat(span).isNotBlank();
  }
}
