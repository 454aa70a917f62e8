package dev.mode.core.answer;

import dev.mode.core.Cancellation;
import dev.mode.core.index.PassageFields;
import dev.mode.core.embed.Embedder;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;

/**
 * The default generator when no decoder model is configured: it answers with the sentences of the top passages
 * that best support the question, each followed by the marker of the passage it comes from. A sentence scores by
 * the cosine of its embedding to the question's plus the share of the question's content words it contains, and
 * by a small bonus for its passage's rank, so the answer stays grounded and checkable. A sentence is embedded after
 * its document's title, and question terms found only in the title or an earlier sentence of its passage count
 * partly, since sentences often name their subject by a pronoun. Up to {@code maxSentences}
 * sentences are used (a second one only when it scores nearly as well and says something else). Besides the cited
 * sentences, the answer carries the short span of the best sentence that answers the question
 * ({@link ShortAnswerFinder}), for questions that want a name, a date or a number.
 */
public final class ExtractiveGenerator implements Generator {
  private static final int PASSAGES_CONSIDERED = 5;
  private static final double LEXICAL_WEIGHT = 0.5;
  private static final double RANK_BONUS = 0.05;
  private static final double INHERITED_TERM = 0.7;
  private static final Pattern ABBREVIATION_END = Pattern.compile(
      "(\\b(St|Mt|Mr|Mrs|Ms|Dr|Prof|Sr|Jr|Gen|Col|Lt|Capt|Rev|vs|No|Vol|Fig|approx|ca|cf|e\\.g|i\\.e|U\\.S|Inc|Ltd|Co)"
          + "|\\b\\p{Lu})\\.\\s*$");
  private static final Pattern LIST_ITEM = Pattern.compile("([-*+]|\\d+[.)])\\s+");
  private static final Pattern EMPHASIS = Pattern.compile("\\*\\*|__|`");
  private static final double KIND_PENALTY = 0.15;
  /**
   * Most sentences embedded per answer: the candidates are first ranked by the cheap terms of the score (word
   * coverage, passage rank, answer kind) and only the best are embedded. Embedding is nearly all of an answer's
   * cost (docs/benchmarks.md, REST API load); docs/evaluation.md measures what this cap changes.
   */
  static final int MAX_EMBEDDED = 12;

  private final Embedder embedder;
  private final int maxSentences;
  private final Analyzer analyzer = new EnglishAnalyzer();
  private final ShortAnswerFinder spans = new ShortAnswerFinder();

  public ExtractiveGenerator(Embedder embedder, int maxSentences) {
    this.embedder = embedder;
    this.maxSentences = maxSentences;
  }

  public ExtractiveGenerator(Embedder embedder) {
    this(embedder, 2);
  }

  private record Sentence(int marker, int rank, String text, double score) {}

  @Override
  public String name() {
    return "extractive";
  }

  @Override
  public boolean extractive() {
    return true;
  }

  @Override
  public int countTokens(String text) {
    return embedder.tokenize(text).size();
  }

  @Override
  public GeneratedText generate(GenerationInput input, Consumer<String> onText, Cancellation cancellation) {
    if (cancellation.isCancelled()) {
      return new GeneratedText("", "", 0, "cancelled");
    }
    List<Sentence> candidates = new ArrayList<>();
    List<ContextPassage> ctx = input.context();
    List<Set<String>> earlier = new ArrayList<>(); // terms of the passage's sentences before each candidate
    List<String> embedded = new ArrayList<>(); // each sentence as embedded: after its document's title, for context
    for (int r = 0; r < Math.min(PASSAGES_CONSIDERED, ctx.size()); r++) {
      Set<String> before = new HashSet<>(terms(ctx.get(r).hit().title() == null ? "" : ctx.get(r).hit().title()));
      for (String s : sentences(ctx.get(r).hit().text())) {
        candidates.add(new Sentence(ctx.get(r).marker(), r, s, 0));
        embedded.add(titled(ctx.get(r).hit().title(), s));
        earlier.add(Set.copyOf(before));
        before.addAll(terms(s));
      }
    }
    if (candidates.isEmpty()) {
      String none = "No passage in the index answers this question.";
      onText.accept(none);
      return new GeneratedText(none, "", 0, "no_context");
    }
    Set<String> qTerms = terms(input.question());
    double[] cheap = new double[candidates.size()];
    for (int i = 0; i < candidates.size(); i++) {
      Sentence s = candidates.get(i);
      double lex = coverage(qTerms, terms(s.text()), earlier.get(i));
      // a sentence without a span of the kind asked for (no number for "how many") is unlikely to answer
      double kind = spans.best(input.question(), s.text()).fits() ? 0 : KIND_PENALTY;
      cheap[i] = LEXICAL_WEIGHT * lex - RANK_BONUS * s.rank() - kind;
    }
    List<Integer> kept = java.util.stream.IntStream.range(0, candidates.size()).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -cheap[i]).thenComparingInt(i -> i))
        .limit(MAX_EMBEDDED).toList();
    List<float[]> vectors = embedder.embedPassages(kept.stream().map(embedded::get).toList());
    List<Sentence> scored = new ArrayList<>();
    for (int j = 0; j < kept.size(); j++) {
      Sentence s = candidates.get(kept.get(j));
      double cos = dot(vectors.get(j), input.questionVector());
      scored.add(new Sentence(s.marker(), s.rank(), s.text(), cos + cheap[kept.get(j)]));
    }
    scored.sort(Comparator.comparingDouble(Sentence::score).reversed());
    List<Sentence> chosen = new ArrayList<>();
    for (Sentence s : scored) {
      if (chosen.size() >= maxSentences) {
        break;
      }
      boolean redundant = chosen.stream().anyMatch(c -> overlap(terms(c.text()), terms(s.text())) > 0.6);
      // A second sentence must be nearly as good as the first; otherwise it dilutes the answer.
      if (!redundant && (chosen.isEmpty() || s.score() >= 0.9 * chosen.get(0).score())) {
        chosen.add(s);
      }
    }
    var text = new StringBuilder();
    int written = 0;
    for (Sentence s : chosen) {
      if (cancellation.isCancelled()) {
        break;
      }
      String piece = (text.isEmpty() ? "" : " ") + s.text().strip() + " [" + s.marker() + "]";
      text.append(piece);
      onText.accept(piece);
      written++;
    }
    String shortAnswer = written == 0 ? ""
        : spans.find(input.question(), chosen.subList(0, written).stream().map(Sentence::text).toList());
    return new GeneratedText(text.toString(), shortAnswer, written,
        cancellation.isCancelled() ? "cancelled" : "complete");
  }

  private static String titled(String title, String sentence) {
    if (title == null || title.isBlank()) {
      return sentence;
    }
    return title.replace('_', ' ').strip() + ": " + sentence;
  }

  /**
   * The sentences of a passage, as readable text: paragraphs are found first (blank lines, list items), headings
   * are left out (they state a topic, not an answer), Markdown emphasis marks are removed, and a break after an
   * abbreviation or an initial ("Mount St. Helens", "Harry R. Truman") is not taken as a sentence end.
   */
  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (String paragraph : paragraphs(text)) {
      BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
      it.setText(paragraph);
      var sentence = new StringBuilder();
      int start = it.first();
      for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
        sentence.append(paragraph, start, end);
        if (end < paragraph.length() && ABBREVIATION_END.matcher(sentence).find()) {
          continue;
        }
        add(out, sentence.toString());
        sentence.setLength(0);
      }
      add(out, sentence.toString());
    }
    return out;
  }

  private static void add(List<String> out, String sentence) {
    String s = sentence.strip();
    if (s.length() >= 12 && s.chars().filter(Character::isLetter).count() >= 8) {
      out.add(s);
    }
  }

  private static List<String> paragraphs(String text) {
    List<String> out = new ArrayList<>();
    var current = new StringBuilder();
    for (String line : text.split("\\R")) {
      String l = line.strip();
      boolean heading = l.startsWith("#");
      boolean listItem = LIST_ITEM.matcher(l).lookingAt();
      if (l.isEmpty() || heading || listItem) {
        flush(out, current);
      }
      if (!l.isEmpty() && !heading) {
        current.append(current.isEmpty() ? "" : " ").append(listItem ? LIST_ITEM.matcher(l).replaceFirst("") : l);
      }
    }
    flush(out, current);
    return out;
  }

  private static void flush(List<String> out, StringBuilder paragraph) {
    if (!paragraph.isEmpty()) {
      out.add(EMPHASIS.matcher(paragraph).replaceAll("").replaceAll("\\s+", " "));
      paragraph.setLength(0);
    }
  }

  private Set<String> terms(String text) {
    return new HashSet<>(PassageFields.analyze(analyzer, text));
  }

  /**
   * Share of the question's terms a sentence covers: fully when the sentence has the term, partly when only the
   * passage's title or an earlier sentence has it, since a sentence often names its subject by a pronoun ("It was
   * completed in 1889") that those introduce.
   */
  private static double coverage(Set<String> query, Set<String> sentence, Set<String> before) {
    if (query.isEmpty()) {
      return 0;
    }
    double found = 0;
    for (String t : query) {
      found += sentence.contains(t) ? 1 : before.contains(t) ? INHERITED_TERM : 0;
    }
    return found / query.size();
  }

  /** Share of {@code query}'s terms found in {@code other}. */
  private static double overlap(Set<String> query, Set<String> other) {
    if (query.isEmpty()) {
      return 0;
    }
    long found = query.stream().filter(other::contains).count();
    return (double) found / query.size();
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
