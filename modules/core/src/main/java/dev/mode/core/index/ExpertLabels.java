package dev.mode.core.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * Names experts after the terms that set them apart: terms frequent inside a shard and rare elsewhere (the
 * shard's share of a term's documents, weighted by how common the term is in the shard).
 */
final class ExpertLabels {
  private ExpertLabels() {}

  /** A short human label from an expert's top terms. */
  static String label(List<String> topTerms) {
    return topTerms.isEmpty() ? "empty" : String.join(", ", topTerms.subList(0, Math.min(3, topTerms.size())));
  }

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
    for (int i = 0; i < shards.size(); i++) {
      int size = Math.max(1, shards.get(i).numDocs());
      var heap = new PriorityQueue<Map.Entry<String, Double>>(Map.Entry.comparingByValue());
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
      top.sort(Map.Entry.<String, Double>comparingByValue().reversed());
      out.add(top.stream().map(Map.Entry::getKey).toList());
    }
    return out;
  }
}
