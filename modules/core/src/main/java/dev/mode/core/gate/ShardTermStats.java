package dev.mode.core.gate;

import dev.mode.core.index.PassageFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * Cheap lexical routing evidence: for each expert, the share of the query terms' passages that expert holds
 * (document frequencies read from each shard's term dictionary, a few seeks per term). A query whose rare terms
 * live mostly in one expert points there even when its embedding is ambiguous.
 */
public final class ShardTermStats {
  private final List<Terms> terms = new ArrayList<>();
  private final Analyzer analyzer = PassageFields.analyzer();

  public ShardTermStats(List<DirectoryReader> readers) throws IOException {
    for (DirectoryReader r : readers) {
      terms.add(MultiTerms.getTerms(r, PassageFields.CONTENT));
    }
  }

  public int experts() {
    return terms.size();
  }

  /**
   * Per expert, the idf-weighted mean over the query's terms of the share of that term's passages the expert holds;
   * uniform when no query term is in the index.
   */
  public double[] shares(String text) {
    int n = terms.size();
    double[] out = new double[n];
    double weightSum = 0;
    long[] df = new long[n];
    long total = 0;
    for (Terms t : terms) {
      total += t == null ? 0 : docCount(t);
    }
    for (String term : analyze(text)) {
      long sum = 0;
      BytesRef bytes = new BytesRef(term);
      for (int e = 0; e < n; e++) {
        df[e] = docFreq(terms.get(e), bytes);
        sum += df[e];
      }
      if (sum == 0) {
        continue;
      }
      double w = Math.log(1 + (double) total / sum);
      for (int e = 0; e < n; e++) {
        out[e] += w * df[e] / sum;
      }
      weightSum += w;
    }
    for (int e = 0; e < n; e++) {
      out[e] = weightSum == 0 ? 1.0 / n : out[e] / weightSum;
    }
    return out;
  }

  private static long docCount(Terms t) {
    try {
      return t.getDocCount();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long docFreq(Terms t, BytesRef term) {
    if (t == null) {
      return 0;
    }
    try {
      TermsEnum te = t.iterator();
      return te.seekExact(term) ? te.docFreq() : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Set<String> analyze(String text) {
    return new LinkedHashSet<>(PassageFields.analyze(analyzer, text));
  }
}
