package dev.mode.core.text;

import dev.mode.core.embed.TokenSpan;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Splits a document's text into passages of at most {@code maxTokens} tokens of the embedding model, cutting
 * between sentences wherever a sentence fits, and starting each passage with the last sentences of the one
 * before (up to {@code overlapTokens}) so an answer spanning a boundary is whole in one passage. A sentence longer
 * than a passage is cut between words (between tokens only inside a word longer than a piece), in pieces of the
 * overlap's size so passages overlap inside it too. Offsets point into the original text, for citations; a passage's
 * token count is the tokenizer's count over the whole text, which re-tokenizing the passage alone reproduces for
 * WordPiece-style tokenizers as long as a passage starts at a word.
 */
public final class Chunker {
  /** Room for the model's special tokens ([CLS], [SEP]). */
  private static final int SPECIAL_TOKENS = 2;

  private final Function<String, List<TokenSpan>> tokenizer;
  private final int maxTokens;
  private final int overlapTokens;

  /**
   * @param tokenizer the embedding model's tokenizer (token character spans, no special tokens)
   * @param maxTokens largest passage, special tokens included
   * @param overlapTokens most tokens repeated from the previous passage
   */
  public Chunker(Function<String, List<TokenSpan>> tokenizer, int maxTokens, int overlapTokens) {
    if (maxTokens <= SPECIAL_TOKENS + 1 || overlapTokens < 0 || overlapTokens > maxTokens / 2) {
      throw new IllegalArgumentException("need maxTokens > 3 and 0 <= overlapTokens <= maxTokens / 2");
    }
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens - SPECIAL_TOKENS;
    this.overlapTokens = overlapTokens;
  }

  private record Unit(int start, int end, int tokens) {}

  /** The passages of {@code text}, in order; none for null, blank or token-less text. */
  public List<Chunk> chunk(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    List<TokenSpan> tokens = tokenizer.apply(text);
    if (tokens.isEmpty()) {
      return List.of();
    }
    List<Unit> units = units(text, tokens);
    List<Chunk> out = new ArrayList<>();
    int i = 0;
    while (i < units.size()) {
      int j = i;
      int count = 0;
      while (j < units.size() && count + units.get(j).tokens() <= maxTokens) {
        count += units.get(j).tokens();
        j++;
      }
      if (j == i) { // cannot happen: units are at most maxTokens long; guard against an endless loop
        j = i + 1;
        count = units.get(i).tokens();
      }
      int start = units.get(i).start();
      int end = units.get(j - 1).end();
      out.add(new Chunk(start, end, text.substring(start, end), count));
      if (j >= units.size()) {
        break;
      }
      // Step back over whole trailing units that fit in the overlap, but always move forward.
      int back = j;
      int overlap = 0;
      // The next passage must still reach past this one: the overlap plus the next unit must fit in it.
      int next = units.get(j).tokens();
      while (back - 1 > i && overlap + units.get(back - 1).tokens() <= overlapTokens
          && overlap + units.get(back - 1).tokens() + next <= maxTokens) {
        overlap += units.get(back - 1).tokens();
        back--;
      }
      i = back;
    }
    return out;
  }

  /**
   * Sentences (by {@link BreakIterator}) with their token counts. A sentence longer than a passage is cut into
   * pieces of about the overlap's size, between words where possible, so passages can still overlap inside it.
   */
  private List<Unit> units(String text, List<TokenSpan> tokens) {
    List<Unit> units = new ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    it.setText(text);
    int pieceTokens = overlapTokens > 0 ? Math.min(maxTokens, overlapTokens) : maxTokens;
    int t = 0;
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      int first = t;
      while (t < tokens.size() && tokens.get(t).start() < end) {
        t++;
      }
      if (t == first) {
        continue;
      }
      int size = t - first <= maxTokens ? maxTokens : pieceTokens;
      for (int k = first; k < t; ) {
        int cut = Math.min(t, k + size);
        if (cut < t && continuesWord(text, tokens, cut)) {
          int c = cut;
          while (c > k && continuesWord(text, tokens, c)) {
            c--;
          }
          if (c > k) {
            cut = c;
          } else { // the piece is inside one word: take the whole word, up to a passage's worth of its tokens
            while (cut < t && cut < k + maxTokens && continuesWord(text, tokens, cut)) {
              cut++;
            }
          }
        }
        int last = cut - 1;
        int uStart = k == first ? trimStart(text, start, tokens.get(k).start()) : tokens.get(k).start();
        int uEnd = last == t - 1 ? trimEnd(text, tokens.get(last).end(), end) : tokens.get(last).end();
        units.add(new Unit(uStart, uEnd, cut - k));
        k = cut;
      }
    }
    return units;
  }

  /** Whether token {@code i} continues the word of token {@code i - 1} (a word piece: no space or punctuation between). */
  private static boolean continuesWord(String text, List<TokenSpan> tokens, int i) {
    TokenSpan prev = tokens.get(i - 1);
    TokenSpan cur = tokens.get(i);
    return cur.start() == prev.end() && prev.end() > 0 && cur.start() < text.length()
        && Character.isLetterOrDigit(text.charAt(prev.end() - 1)) && Character.isLetterOrDigit(text.charAt(cur.start()));
  }

  private static int trimStart(String text, int from, int firstToken) {
    int s = from;
    while (s < firstToken && Character.isWhitespace(text.charAt(s))) {
      s++;
    }
    return s;
  }

  private static int trimEnd(String text, int lastTokenEnd, int to) {
    int e = Math.min(to, text.length());
    while (e > lastTokenEnd && Character.isWhitespace(text.charAt(e - 1))) {
      e--;
    }
    return e;
  }
}
