package dev.mode.indexer.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SQuAD v1.1's answer metrics, as its official evaluation script defines them: answers are normalised (lower case,
 * punctuation removed, articles a/an/the removed, whitespace collapsed), exact match compares the normalised strings
 * and token F1 the multisets of their tokens; a prediction takes its best score over the gold answers.
 */
public final class AnswerMetrics {
  private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
  private static final Pattern PUNCTUATION = Pattern.compile("\\p{Punct}");

  private AnswerMetrics() {}

  public static String normalize(String s) {
    String t = s.toLowerCase(Locale.ROOT);
    t = PUNCTUATION.matcher(t).replaceAll("");
    t = ARTICLES.matcher(t).replaceAll(" ");
    return String.join(" ", Arrays.stream(t.split("\\s+")).filter(w -> !w.isEmpty()).toList());
  }

  public static double exactMatch(String prediction, List<String> golds) {
    String p = normalize(prediction);
    return golds.stream().anyMatch(g -> normalize(g).equals(p)) ? 1 : 0;
  }

  public static double f1(String prediction, List<String> golds) {
    return golds.stream().mapToDouble(g -> f1(prediction, g)).max().orElse(0);
  }

  static double f1(String prediction, String gold) {
    List<String> p = tokens(prediction);
    List<String> g = tokens(gold);
    if (p.isEmpty() || g.isEmpty()) {
      return p.equals(g) ? 1 : 0;
    }
    Map<String, Integer> counts = new HashMap<>();
    for (String t : g) {
      counts.merge(t, 1, Integer::sum);
    }
    int common = 0;
    for (String t : p) {
      Integer c = counts.get(t);
      if (c != null && c > 0) {
        common++;
        counts.put(t, c - 1);
      }
    }
    if (common == 0) {
      return 0;
    }
    double precision = (double) common / p.size();
    double recall = (double) common / g.size();
    return 2 * precision * recall / (precision + recall);
  }

  private static List<String> tokens(String s) {
    String n = normalize(s);
    return n.isEmpty() ? List.of() : Arrays.asList(n.split(" "));
  }
}
