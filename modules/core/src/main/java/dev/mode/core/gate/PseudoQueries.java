package dev.mode.core.gate;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Unlabelled training queries drawn from the passages themselves: a sentence (or part of one), a short span, the
 * passage's rarest words (a keyword query), or the document title. Mixing styles covers both the
 * natural-language questions and the terse keyword queries users type.
 */
final class PseudoQueries {
  private final Map<String, Integer> wordDf = new HashMap<>();
  private final int passages;

  PseudoQueries(List<String> texts) {
    this.passages = texts.size();
    for (String t : texts) {
      for (String w : new LinkedHashSet<>(words(t))) {
        wordDf.merge(w.toLowerCase(Locale.ROOT), 1, Integer::sum);
      }
    }
  }

  /** One pseudo-query for a passage; never blank for a passage with at least one word. */
  String draw(String title, String text, Random random) {
    double r = random.nextDouble();
    List<String> words = words(text);
    if (words.isEmpty()) {
      return title == null || title.isBlank() ? text : title;
    }
    if (r < 0.4) {
      List<String> sentences = sentences(text);
      if (!sentences.isEmpty()) {
        List<String> sw = words(sentences.get(random.nextInt(sentences.size())));
        return window(sw.isEmpty() ? words : sw, 6, 20, random);
      }
    }
    if (r < 0.65) {
      return window(words, 4, 10, random);
    }
    if (r < 0.9 || title == null || title.isBlank()) {
      return keywords(words, 2 + random.nextInt(5), random);
    }
    return title;
  }

  private static String window(List<String> words, int min, int max, Random random) {
    int len = Math.min(words.size(), min + random.nextInt(max - min + 1));
    int start = random.nextInt(words.size() - len + 1);
    return String.join(" ", words.subList(start, start + len));
  }

  /** The {@code k} rarest distinct words of at least 3 letters, drawn with some randomness among the rarest 2k. */
  private String keywords(List<String> words, int k, Random random) {
    Set<String> distinct = new LinkedHashSet<>();
    for (String w : words) {
      String lw = w.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}-]", "");
      if (lw.length() >= 3) {
        distinct.add(lw);
      }
    }
    if (distinct.isEmpty()) {
      return String.join(" ", words);
    }
    List<String> byRarity = new ArrayList<>(distinct);
    byRarity.sort(Comparator.comparingInt((String w) -> wordDf.getOrDefault(w, 1)).thenComparing(w -> w));
    // Words in nearly every passage carry no routing signal.
    byRarity.removeIf(w -> wordDf.getOrDefault(w, 1) > passages / 4 && passages > 20);
    if (byRarity.isEmpty()) {
      return String.join(" ", distinct);
    }
    List<String> pool = new ArrayList<>(byRarity.subList(0, Math.min(byRarity.size(), 2 * k)));
    java.util.Collections.shuffle(pool, random);
    return String.join(" ", pool.subList(0, Math.min(k, pool.size())));
  }

  static List<String> words(String text) {
    return Arrays.stream(text.split("\\s+")).filter(w -> !w.isBlank()).toList();
  }

  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    it.setText(text);
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      String s = text.substring(start, end).strip();
      if (words(s).size() >= 4) {
        out.add(s);
      }
    }
    return out;
  }
}
