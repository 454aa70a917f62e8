package dev.mode.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.OnnxEmbedder;
import dev.mode.core.embed.TokenSpan;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkerTest {
  static OnnxEmbedder bge;

  @BeforeAll
  static void load() {
    bge = OnnxEmbedder.load(EmbeddingModel.BGE_SMALL_EN_V15, 1, 8);
  }

  @AfterAll
  static void close() {
    bge.close();
  }

  /**
   * A WordPiece-like tokenizer for property tests: each run of letters/digits is one token per 4 characters (later
   * pieces continue the word), each other non-space character is a token.
   */
  static final Function<String, List<TokenSpan>> PIECES = text -> {
    List<TokenSpan> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isLetterOrDigit(c)) {
        int j = i;
        while (j < text.length() && Character.isLetterOrDigit(text.charAt(j))) {
          j++;
        }
        for (int k = i; k < j; k += 4) {
          out.add(new TokenSpan(k, Math.min(j, k + 4)));
        }
        i = j;
      } else {
        out.add(new TokenSpan(i, i + 1));
        i++;
      }
    }
    return out;
  };

  static final String[] WORDS = {"the", "volcano", "erupted", "in", "seventy", "nine", "and", "buried", "Pompeii",
      "under", "ash", "a", "city", "of", "Rome", "extraordinarily", "counterrevolutionaries", "is", "on", "bay"};

  static String randomText(Random r, int sentences, int maxWords) {
    var sb = new StringBuilder();
    for (int s = 0; s < sentences; s++) {
      int n = 1 + r.nextInt(maxWords);
      for (int w = 0; w < n; w++) {
        String word = WORDS[r.nextInt(WORDS.length)];
        sb.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        if (w + 1 < n) {
          sb.append(r.nextInt(10) == 0 ? ", " : " ");
        }
      }
      sb.append(r.nextInt(5) == 0 ? "?" : ".").append(r.nextInt(6) == 0 ? "\n\n" : " ");
    }
    return sb.toString();
  }

  /** Properties every chunking must have, whatever the text and settings. */
  static void assertWellFormed(String text, List<Chunk> chunks, Function<String, List<TokenSpan>> tok, int max,
      int overlap) {
    List<TokenSpan> tokens = tok.apply(text);
    assertThat(chunks.isEmpty()).isEqualTo(tokens.isEmpty());
    Set<Integer> covered = new HashSet<>();
    Chunk prev = null;
    for (Chunk c : chunks) {
      assertThat(c.start()).isBetween(0, text.length());
      assertThat(c.end()).isBetween(c.start() + 1, text.length());
      assertThat(text.substring(c.start(), c.end())).as("offsets point into the text").isEqualTo(c.text());
      assertThat(c.text()).isEqualTo(c.text().strip());
      assertThat(c.tokens()).as("room for [CLS] and [SEP]").isLessThanOrEqualTo(max - 2).isPositive();
      int inside = 0;
      for (int t = 0; t < tokens.size(); t++) {
        if (tokens.get(t).start() >= c.start() && tokens.get(t).end() <= c.end()) {
          inside++;
          covered.add(t);
        }
      }
      assertThat(inside).as("token count of the span").isEqualTo(c.tokens());
      if (prev != null) {
        assertThat(c.start()).as("moves forward").isGreaterThan(prev.start());
        assertThat(c.end()).isGreaterThan(prev.end());
        int shared = 0;
        for (TokenSpan t : tokens) {
          if (t.start() >= c.start() && t.end() <= prev.end()) {
            shared++;
          }
        }
        assertThat(shared).as("overlap at most overlapTokens").isLessThanOrEqualTo(overlap);
      }
      prev = c;
    }
    assertThat(covered).as("every token is in a passage").hasSize(tokens.size());
  }

  @Test
  void randomTextsKeepEveryProperty() {
    var r = new Random(7);
    for (int i = 0; i < 300; i++) {
      int max = 8 + r.nextInt(120);
      int overlap = r.nextInt(max / 2 + 1);
      String text = randomText(r, 1 + r.nextInt(30), 1 + r.nextInt(i % 3 == 0 ? 120 : 25));
      var chunker = new Chunker(PIECES, max, overlap);
      assertWellFormed(text, chunker.chunk(text), PIECES, max, overlap);
    }
  }

  @Test
  void cutsBetweenSentencesWhenSentencesFit() {
    var r = new Random(11);
    for (int i = 0; i < 50; i++) {
      String text = randomText(r, 20, 12);
      List<Chunk> chunks = new Chunker(PIECES, 64, 16).chunk(text);
      Set<Integer> boundaries = sentenceBoundaries(text);
      for (Chunk c : chunks) {
        assertThat(boundaries).as("starts at a sentence: " + c.text()).contains(c.start());
        assertThat(c.text()).matches("(?s).*[.?]");
      }
    }
  }

  static Set<Integer> sentenceBoundaries(String text) {
    Set<Integer> out = new HashSet<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    it.setText(text);
    for (int b = it.first(); b != BreakIterator.DONE; b = it.next()) {
      int s = b;
      while (s < text.length() && Character.isWhitespace(text.charAt(s))) {
        s++;
      }
      out.add(s);
    }
    return out;
  }

  @Test
  void overlapRepeatsTheLastSentencesOfThePreviousPassage() {
    String text = "One two ten. Red fox ran. Big cat sat. Old dog hid. New owl ate.";
    // each sentence is 4 tokens (3 words + period); 12 tokens per passage, 4 of overlap
    List<Chunk> chunks = new Chunker(PIECES, 14, 4).chunk(text);
    assertThat(chunks).extracting(Chunk::text).containsExactly(
        "One two ten. Red fox ran. Big cat sat.", "Big cat sat. Old dog hid. New owl ate.");
    assertThat(new Chunker(PIECES, 14, 0).chunk(text)).extracting(Chunk::text).containsExactly(
        "One two ten. Red fox ran. Big cat sat.", "Old dog hid. New owl ate.");
    assertThat(new Chunker(PIECES, 14, 3).chunk(text)).as("a sentence longer than the overlap is not repeated")
        .extracting(Chunk::text).containsExactly("One two ten. Red fox ran. Big cat sat.", "Old dog hid. New owl ate.");
  }

  @Test
  void longSentenceIsCutBetweenWordsWithOverlap() {
    String text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
        + "upsilon phi chi psi omega alphabet betabet gammabet deltabet epsilonbet zetabet etabet thetabet";
    List<Chunk> chunks = new Chunker(PIECES, 22, 8).chunk(text);
    assertThat(chunks).hasSizeGreaterThan(2);
    assertWellFormed(text, chunks, PIECES, 22, 8);
    for (Chunk c : chunks) {
      assertThat(c.start() == 0 || text.charAt(c.start() - 1) == ' ').as("starts at a word: " + c.text()).isTrue();
      assertThat(c.end() == text.length() || text.charAt(c.end()) == ' ').as("ends at a word: " + c.text()).isTrue();
    }
    for (int i = 1; i < chunks.size(); i++) {
      assertThat(chunks.get(i).start()).as("overlap inside a long sentence").isLessThan(chunks.get(i - 1).end());
    }
  }

  @Test
  void aWordLongerThanAPassageIsCutBetweenItsTokens() {
    String text = "x".repeat(200) + " end.";
    List<Chunk> chunks = new Chunker(PIECES, 12, 0).chunk(text);
    assertWellFormed(text, chunks, PIECES, 12, 0);
    assertThat(chunks.get(0).text()).isEqualTo("x".repeat(40));
  }

  @Test
  void emptyInputsGiveNoPassagesAndBadSettingsAreRefused() {
    var chunker = new Chunker(PIECES, 32, 8);
    assertThat(chunker.chunk(null)).isEmpty();
    assertThat(chunker.chunk("")).isEmpty();
    assertThat(chunker.chunk(" \n\t ")).isEmpty();
    assertThat(new Chunker(t -> List.of(), 32, 8).chunk("text without tokens")).isEmpty();
    assertThatThrownBy(() -> new Chunker(PIECES, 3, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Chunker(PIECES, 32, 17)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Chunker(PIECES, 32, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Plain English text. It has sentences! Does it? Yes.",
      "Café crème brûlée, naïve façade; Ærøskøbing. Straße über Köln.",
      "Emoji 😀 before words 🚀🚀 and after. Another 🧪 sentence with 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters.",
      "日本語のテキスト。中文文本在这里。 Mixed with English words.",
      "Line one\nLine two\r\nLine three\tTabbed. \u0000 control \u0007 chars."})
  void realTokenizerOffsetsPointAtTheRightTextAndRespectTheLimit(String sentence) {
    String text = (sentence + " ").repeat(40).strip();
    var chunker = new Chunker(bge::tokenize, 48, 12);
    List<Chunk> chunks = chunker.chunk(text);
    assertWellFormed(text, chunks, bge::tokenize, 48, 12);
    for (TokenSpan t : bge.tokenize(text)) {
      assertThat(text.substring(t.start(), t.end()).strip()).as("token spans are UTF-16 offsets").isNotEmpty();
    }
    for (Chunk c : chunks) {
      assertThat(bge.tokenize(c.text()).size()).as("re-tokenized: " + c.text()).isLessThanOrEqualTo(46);
    }
  }
}
