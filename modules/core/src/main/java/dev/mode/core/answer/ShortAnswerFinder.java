package dev.mode.core.answer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Finds the short span of a supporting sentence that answers a question, the way SQuAD-style answers are written
 * (a name, a date, a number, a short phrase). It works without a reading model: the question's wh-phrase gives the
 * expected kind of answer (a number or date, a person, a place, or anything); the sentence is cut into segments at
 * punctuation and at words the question already contains (an answer rarely repeats the question); each segment
 * is narrowed to the run of tokens of the expected kind, and scored by that fit and by its distance to the
 * question's words in the sentence. The span is copied verbatim from the sentence.
 */
public final class ShortAnswerFinder {
  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’.,–\\-/%$€£]*[\\p{L}\\p{N}%]|[\\p{L}\\p{N}%$€£]|[^\\s]");
  private static final Set<String> NUMBER_WORDS = Set.of("one", "two", "three", "four", "five", "six", "seven", "eight",
      "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
      "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
      "thousand", "million", "billion", "trillion", "once", "twice", "half", "dozen", "dozens", "hundreds",
      "thousands", "millions", "billions", "percent", "per", "cent", "%");
  private static final Set<String> MONTHS = Set.of("january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december", "spring", "summer", "autumn", "winter", "century",
      "centuries", "bc", "ad", "bce", "ce");
  private static final Set<String> UNITS = Set.of("years", "year", "days", "day", "months", "month", "hours", "hour",
      "minutes", "weeks", "km", "miles", "mi", "meters", "metres", "m", "feet", "ft", "kilometres", "kilometers",
      "people", "tons", "tonnes", "kg", "dollars", "acres", "square", "times", "points", "yards", "seconds");
  /** Words that start a clause: an answer span does not run across them. */
  private static final Set<String> CLAUSE_WORDS = Set.of("which", "who", "whom", "whose", "that", "while", "although",
      "because", "when", "where", "after", "before", "since", "during", "whereas", "though", "if", "unless", "until",
      "however", "also");
  /** Words kept inside a name ("University of Warsaw", "Leonardo da Vinci"). */
  private static final Set<String> NAME_JOINERS = Set.of("of", "de", "da", "del", "von", "van", "the", "and", "la", "le", "&");

  /** Score a span loses per sentence rank below the best sentence. */
  private static final double LATER_SENTENCE = 0.5;
  private static final double FOLLOW_BONUS = 0.5;

  private final Analyzer analyzer = new EnglishAnalyzer();

  /** The kind of answer a question asks for. */
  enum Kind { NUMBER, PERSON, PLACE, ANY }

  private record Token(String text, int start, int end, String stem, boolean punct) {
    boolean capitalized() {
      return (Character.isUpperCase(text.codePointAt(0)) || Character.isDigit(text.codePointAt(0)))
          && !MONTHS.contains(text.toLowerCase(Locale.ROOT));
    }

    boolean numeric() {
      String l = text.toLowerCase(Locale.ROOT);
      return text.chars().anyMatch(Character::isDigit) || NUMBER_WORDS.contains(l) || MONTHS.contains(l);
    }
  }

  private record Span(int from, int to, double fit, double score) {}

  /** The expected kind of answer, from the question's wh-phrase. */
  static Kind kind(String question) {
    String q = " " + question.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", " ").replaceAll("\\s+", " ") + " ";
    if (q.matches(".*\\b(how (many|much|long|far|old|large|big|tall|high|often|fast|deep|wide|heavy))\\b.*")
        || q.matches(".*\\b(what|which|in what|by what) (year|years|date|decade|century|percentage|percent|"
            + "number|amount|age|time|day|month|temperature|size|population)\\b.*")
        || q.matches(".*\\bwhen\\b.*")
        // "what was the maximum run-up height ...": the measure is the head of the phrase, a few words on
        || q.matches(".*\\b(what|which) (is|was|were|are) the( \\w+){0,5} (height|length|depth|width|weight|"
            + "distance|speed|temperature|population|magnitude|elevation|altitude|cost|price|area|volume|duration|"
            + "rate|number|amount|percentage|age|year|date)\\b.*")) {
      return Kind.NUMBER;
    }
    if (q.matches(".*\\b(who|whom|whose)\\b.*") || q.matches(".*\\b(what (is|was|were|are) the names?|last name|"
        + "first name|named|called|known as)\\b.*") || q.matches(".*\\b(what|which) (person|man|woman|king|president|"
        + "scientist|author|leader|team|company|group|organization|emperor|player|artist|entity|church|university|"
        + "school|party|family|dynasty|army|newspaper|book|film|song|hymn)\\b.*")) {
      return Kind.PERSON;
    }
    if (q.matches(".*\\bwhere\\b.*") || q.matches(".*\\b(what|which|in what|in which) (city|country|state|region|"
        + "place|continent|river|island|town|county|province|area|nation|location|street)\\b.*")) {
      return Kind.PLACE;
    }
    return Kind.ANY;
  }

  /**
   * A span proposed as the short answer.
   *
   * @param text the span, verbatim from its sentence
   * @param score how well it fits (kind of answer, nearness to the question's words, length)
   * @param fits true when it is of the kind the question asks for (always true for {@link Kind#ANY})
   */
  public record Candidate(String text, double score, boolean fits) {}

  /** The span of {@code sentence} that best answers {@code question}, or the sentence itself when none stands out. */
  public String find(String question, String sentence) {
    return best(question, sentence).text();
  }

  /**
   * The best span over sentences given best first: a later sentence wins only with a clearly better span, e.g.
   * when the first has no number and the question asks "how many".
   */
  public String find(String question, List<String> sentences) {
    Candidate best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < sentences.size(); i++) {
      Candidate c = best(question, sentences.get(i));
      double score = c.score() - LATER_SENTENCE * i;
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best == null ? "" : best.text();
  }

  /** The best span of one sentence. */
  public Candidate best(String question, String sentence) {
    List<Token> tokens = tokens(sentence);
    Set<String> qStems = new HashSet<>();
    for (Token t : tokens(question)) {
      if (t.stem() != null) {
        qStems.add(t.stem());
      }
    }
    Set<String> qWords = new HashSet<>();
    for (String w : question.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      qWords.add(w);
    }
    Kind kind = kind(question);
    boolean[] inQuestion = new boolean[tokens.size()];
    List<Integer> anchors = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      boolean stemHit = t.stem() != null && qStems.contains(t.stem());
      boolean wordHit = !t.punct() && t.stem() != null && qWords.contains(t.text().toLowerCase(Locale.ROOT));
      inQuestion[i] = stemHit || wordHit;
      if (inQuestion[i]) {
        anchors.add(i);
      }
    }
    boolean percent = question.toLowerCase(Locale.ROOT).contains("percent");
    Span best = null;
    int i = 0;
    while (i < tokens.size()) {
      if (boundary(tokens.get(i)) || inQuestion[i]) {
        i++;
        continue;
      }
      int j = i;
      while (j < tokens.size() && !boundary(tokens.get(j)) && !inQuestion[j]) {
        j++;
      }
      Span s = bestInSegment(tokens, i, j, kind, anchors, percent);
      if (s != null && (best == null || s.score() > best.score())) {
        best = s;
      }
      i = j;
    }
    if (best == null) {
      return new Candidate(sentence.strip(), -1, kind == Kind.ANY);
    }
    return new Candidate(sentence.substring(tokens.get(best.from()).start(), tokens.get(best.to() - 1).end()),
        best.score(), kind == Kind.ANY || best.fit() > 0);
  }

  private static boolean boundary(Token t) {
    return t.punct() && !isDashOrAmp(t) || CLAUSE_WORDS.contains(t.text().toLowerCase(Locale.ROOT));
  }

  private static boolean isDashOrAmp(Token t) {
    return t.text().equals("–") || t.text().equals("-") || t.text().equals("&");
  }

  private Span bestInSegment(List<Token> tokens, int from, int to, Kind kind, List<Integer> anchors,
      boolean percent) {
    // trim stop words at both ends
    while (from < to && tokens.get(from).stem() == null && !tokens.get(from).numeric()) {
      from++;
    }
    while (to > from && tokens.get(to - 1).stem() == null && !tokens.get(to - 1).numeric()) {
      to--;
    }
    if (from >= to) {
      return null;
    }
    int a = from;
    int b = to;
    double fit;
    switch (kind) {
      case NUMBER -> {
        int[] run = run(tokens, from, to, Token::numeric, false);
        if (run == null) {
          fit = -1;
        } else {
          a = run[0];
          b = run[1];
          fit = percent && tokens.subList(a, b).stream().noneMatch(t -> t.text().contains("%")
              || t.text().equalsIgnoreCase("percent")) ? 0.3 : 1;
        }
      }
      case PERSON, PLACE -> {
        int[] run = run(tokens, from, to, Token::capitalized, true);
        if (run == null || (run[0] == 0 && run[1] - run[0] == 1 && tokens.get(0).stem() == null)) {
          fit = -1;
        } else {
          a = run[0];
          b = run[1];
          fit = 1;
        }
      }
      default -> fit = 0;
    }
    int distance = Integer.MAX_VALUE;
    boolean follows = false;
    for (int anchor : anchors) {
      int d = anchor < a ? a - anchor : anchor >= b ? anchor - b + 1 : 0;
      distance = Math.min(distance, d);
      follows |= anchor < a && a - anchor <= 2;
    }
    // answers tend to follow the question's words ("... was completed in 1889")
    // ... but "who won X" is answered by the subject, before them
    double proximity = anchors.isEmpty() ? 0
        : 1.0 / Math.max(1, distance) + (follows && kind != Kind.PERSON ? FOLLOW_BONUS : 0);
    int length = b - a;
    double lengthPenalty = kind == Kind.ANY ? 0.03 * Math.max(0, length - 4) : 0.02 * length;
    return new Span(a, b, fit, fit + proximity - lengthPenalty);
  }

  /** The longest run of tokens passing {@code test} in [from, to); names may hold joiner words inside. */
  private static int[] run(List<Token> tokens, int from, int to, java.util.function.Predicate<Token> test,
      boolean joiners) {
    int[] best = null;
    int i = from;
    while (i < to) {
      if (!test.test(tokens.get(i))) {
        i++;
        continue;
      }
      int j = i + 1;
      while (j < to) {
        Token t = tokens.get(j);
        if (test.test(t) || isDashOrAmp(t)) {
          j++;
        } else if (joiners && NAME_JOINERS.contains(t.text().toLowerCase(Locale.ROOT)) && j + 1 < to
            && test.test(tokens.get(j + 1))) {
          j += 2;
        } else if (!joiners && UNITS.contains(t.text().toLowerCase(Locale.ROOT))) {
          j++;
          break;
        } else {
          break;
        }
      }
      if (best == null || j - i > best[1] - best[0]) {
        best = new int[] {i, j};
      }
      i = j;
    }
    return best;
  }

  private List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      String t = m.group();
      // a trailing sentence period or comma is punctuation, not part of the word
      int end = m.end();
      while (t.length() > 1 && ".,".indexOf(t.charAt(t.length() - 1)) >= 0) {
        t = t.substring(0, t.length() - 1);
        end--;
      }
      boolean punct = !Character.isLetterOrDigit(t.codePointAt(0)) && !"%$€£".contains(t);
      out.add(new Token(t, m.start(), end, punct ? null : stem(t), punct));
    }
    return out;
  }

  /** The word's stem as the index analyses it, or null for a stop word. */
  private String stem(String word) {
    try (TokenStream ts = analyzer.tokenStream("t", word)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      String s = ts.incrementToken() ? term.toString() : null;
      while (ts.incrementToken()) {
        // drain
      }
      ts.end();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
