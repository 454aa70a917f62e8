package dev.mode.core.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.BytesRef;

/**
 * Names experts after the terms that set them apart: terms frequent inside a shard and rare elsewhere (the
 * shard's share of a term's documents, weighted by how common the term is in the shard). The index holds stemmed
 * terms ("languag", "program"); each is shown as the word it most often stands for in the shard's passages
 * ("language", "programming"), with underscores read as spaces ("steam_engine", a wiki title, is "steam engine").
 */
final class ExpertLabels {
  /** Passages read per term to find the word it was stemmed from. */
  private static final int SURFACE_SAMPLE = 20;

  private ExpertLabels() {}

  /** A short human label from an expert's top terms. */
  static String label(List<String> topTerms) {
    return topTerms.isEmpty() ? "empty" : String.join(", ", topTerms.subList(0, Math.min(3, topTerms.size())));
  }

  /** The {@code n} most distinctive terms of each shard, as readable words, best first. */
  static List<List<String>> topTerms(List<DirectoryReader> shards, int n) throws IOException {
    List<Map<String, Integer>> dfs = new ArrayList<>();
    Map<String, Integer> global = new HashMap<>();
    for (DirectoryReader r : shards) {
      Map<String, Integer> df = new HashMap<>();
      Terms terms = MultiTerms.getTerms(r, PassageFields.CONTENT);
      if (terms != null) {
        TermsEnum te = terms.iterator();
        BytesRef t;
        while ((t = te.next()) != null) {
          String term = t.utf8ToString();
          if (term.length() < 3 || term.chars().anyMatch(Character::isDigit)) {
            continue;
          }
          df.put(term, te.docFreq());
          global.merge(term, te.docFreq(), Integer::sum);
        }
      }
      dfs.add(df);
    }
    List<List<String>> out = new ArrayList<>();
    try (Analyzer analyzer = PassageFields.analyzer()) {
      for (int i = 0; i < shards.size(); i++) {
        int size = Math.max(1, shards.get(i).numDocs());
        var heap = new PriorityQueue<Map.Entry<String, Double>>(
            Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry::getKey, (String a, String b) -> b.compareTo(a)));
        for (var e : dfs.get(i).entrySet()) {
          int df = e.getValue();
          if (df < 2 && size > 10) {
            continue;
          }
          double share = df / (double) global.get(e.getKey());
          double score = share * share * Math.log1p(df) * ((double) df / size);
          heap.add(Map.entry(e.getKey(), score));
          if (heap.size() > n) {
            heap.poll();
          }
        }
        var top = new ArrayList<Map.Entry<String, Double>>(heap);
        top.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> words = new ArrayList<>();
        for (var e : top) {
          String w = surfaceForm(shards.get(i), analyzer, e.getKey());
          if (!words.contains(w)) {
            words.add(w);
          }
        }
        out.add(words);
      }
    }
    return out;
  }

  /** The word a stemmed term most often comes from in the first passages holding it; the term itself if none. */
  static String surfaceForm(DirectoryReader reader, Analyzer analyzer, String stem) throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, String> stems = new HashMap<>();
    int seen = 0;
    for (LeafReaderContext ctx : reader.leaves()) {
      PostingsEnum pe = ctx.reader().postings(new Term(PassageFields.CONTENT, stem), PostingsEnum.NONE);
      if (pe == null) {
        continue;
      }
      StoredFields stored = ctx.reader().storedFields();
      for (int d = pe.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS && seen < SURFACE_SAMPLE; d = pe.nextDoc()) {
        seen++;
        var doc = stored.document(d);
        String text = doc.get(PassageFields.TITLE) + " " + doc.get(PassageFields.TEXT);
        // underscores stay: the tokenizer keeps "steam_engine" (a wiki title, an identifier) as one term
        for (String word : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}'_]+")) {
          if (word.isEmpty() || word.charAt(0) != stem.charAt(0)) {
            continue;
          }
          String s = stems.computeIfAbsent(word, w -> stemOf(analyzer, w));
          if (stem.equals(s)) {
            counts.merge(word, 1, Integer::sum);
          }
        }
      }
      if (seen >= SURFACE_SAMPLE) {
        break;
      }
    }
    return counts.entrySet().stream()
        .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry::getKey,
            (String a, String b) -> b.compareTo(a)))
        .map(Map.Entry::getKey).map(ExpertLabels::readable).orElse(readable(stem));
  }

  /** "steam_engine" reads "steam engine", "_florida" reads "florida". */
  static String readable(String word) {
    String spaced = word.replace('_', ' ').strip().replaceAll(" {2,}", " ");
    return spaced.isEmpty() ? word : spaced;
  }

  private static String stemOf(Analyzer analyzer, String word) {
    try (TokenStream ts = analyzer.tokenStream(PassageFields.CONTENT, word)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      String out = ts.incrementToken() ? term.toString() : "";
      ts.end();
      return out;
    } catch (IOException e) {
      return "";
    }
  }
}
