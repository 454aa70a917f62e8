package dev.mode.core.answer;

import dev.mode.core.Cancellation;
import dev.mode.core.Hit;
import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.OnnxEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures the extractive generator's answers on xquad-en (SQuAD v1.1 format) with the gold paragraph as the only
 * context, so the figures isolate sentence and span choice from retrieval. SQuAD's EM/F1 (lower case, no
 * punctuation or articles), maximum over the gold answers. Not a test: run its main with the test classpath;
 * arguments: path of xquad.en.json, then optionally the first question (0-based) and the end (exclusive), then
 * anything to print each question.
 */
public final class ShortAnswerBench {
  private ShortAnswerBench() {}

  public static void main(String[] args) throws Exception {
    JsonNode root = JsonMapper.builder().build().readTree(Files.readString(Path.of(args[0])));
    int from = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    int limit = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
    boolean verbose = args.length > 3;
    int seen = 0;
    try (var embedder = OnnxEmbedder.load(EmbeddingModel.BGE_SMALL_EN_V15, 0, 16)) {
      var gen = new ExtractiveGenerator(embedder);
      double emShort = 0, f1Short = 0, emText = 0, f1Text = 0, inSentence = 0;
      int n = 0;
      Map<ShortAnswerFinder.Kind, double[]> byKind = new HashMap<>();
      outer:
      for (JsonNode article : root.get("data")) {
        for (JsonNode para : article.get("paragraphs")) {
          String context = para.get("context").asString();
          var hit = new Hit("p#0", "p", article.get("title").asString(), context, "xquad", 0, context.length(), 0, 1,
              0, 0, Map.of());
          for (JsonNode qa : para.get("qas")) {
            if (seen >= limit) {
              break outer;
            }
            if (seen++ < from) {
              continue;
            }
            String q = qa.get("question").asString();
            List<String> gold = new ArrayList<>();
            qa.get("answers").forEach(a -> gold.add(a.get("text").asString()));
            var input = new GenerationInput(q, embedder.embedQuery(q), List.of(new ContextPassage(1, hit)), "");
            GeneratedText out = gen.generate(input, s -> {}, new Cancellation());
            String plain = out.text().replaceAll("\\s*\\[[0-9]+]", "");
            double em = gold.stream().mapToDouble(g -> exact(out.shortAnswer(), g)).max().orElse(0);
            double f1 = gold.stream().mapToDouble(g -> f1(out.shortAnswer(), g)).max().orElse(0);
            emShort += em;
            f1Short += f1;
            emText += gold.stream().mapToDouble(g -> exact(plain, g)).max().orElse(0);
            f1Text += gold.stream().mapToDouble(g -> f1(plain, g)).max().orElse(0);
            inSentence += gold.stream().anyMatch(g -> normalize(plain).contains(normalize(g))) ? 1 : 0;
            var k = byKind.computeIfAbsent(ShortAnswerFinder.kind(q), x -> new double[3]);
            k[0]++;
            k[1] += em;
            k[2] += f1;
            if (verbose) {
              System.out.println(q + "\n   gold=" + gold.get(0) + "   short=" + out.shortAnswer() + "   f1=" + f1);
            }
            n++;
          }
        }
      }
      System.out.printf(Locale.ROOT, "questions %d%nshortAnswer EM %.3f F1 %.3f%ntext EM %.3f F1 %.3f%n"
          + "gold answer inside text %.3f%n", n, emShort / n, f1Short / n, emText / n, f1Text / n, inSentence / n);
      byKind.forEach((kind, v) -> System.out.printf(Locale.ROOT, "  %-7s n=%4d EM %.3f F1 %.3f%n", kind, (int) v[0],
          v[1] / v[0], v[2] / v[0]));
    }
  }

  static String normalize(String s) {
    String t = s.toLowerCase(Locale.ROOT).replaceAll("\\p{Punct}|[–—’‘“”]", " ");
    t = t.replaceAll("\\b(a|an|the)\\b", " ");
    return String.join(" ", t.trim().split("\\s+"));
  }

  static double exact(String pred, String gold) {
    return normalize(pred).equals(normalize(gold)) ? 1 : 0;
  }

  static double f1(String pred, String gold) {
    List<String> p = Arrays.asList(normalize(pred).split(" "));
    List<String> g = Arrays.asList(normalize(gold).split(" "));
    if (p.get(0).isEmpty() || g.get(0).isEmpty()) {
      return p.equals(g) ? 1 : 0;
    }
    Map<String, Integer> counts = new HashMap<>();
    g.forEach(w -> counts.merge(w, 1, Integer::sum));
    int same = 0;
    for (String w : p) {
      Integer c = counts.get(w);
      if (c != null && c > 0) {
        same++;
        counts.put(w, c - 1);
      }
    }
    if (same == 0) {
      return 0;
    }
    double precision = (double) same / p.size();
    double recall = (double) same / g.size();
    return 2 * precision * recall / (precision + recall);
  }
}
