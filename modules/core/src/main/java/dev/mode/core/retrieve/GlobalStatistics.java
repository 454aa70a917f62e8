package dev.mode.core.retrieve;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.TermStatistics;

/**
 * Term and collection statistics summed over every expert of a generation, so BM25 computes the same idf and
 * average length whichever shard a passage sits in: scores from different shards are then directly comparable
 * and a routed search ranks a passage as an exhaustive one would.
 */
public final class GlobalStatistics {
  private final List<DirectoryReader> readers;
  private final Map<String, CollectionStatistics> collection = new HashMap<>();

  public GlobalStatistics(List<DirectoryReader> readers) throws IOException {
    this.readers = List.copyOf(readers);
    for (String field : List.of(dev.mode.core.index.PassageFields.CONTENT)) {
      long maxDoc = 0;
      long docCount = 0;
      long sumTtf = 0;
      long sumDf = 0;
      for (DirectoryReader r : readers) {
        maxDoc += r.maxDoc();
        Terms t = MultiTerms.getTerms(r, field);
        if (t != null) {
          docCount += t.getDocCount();
          sumTtf += t.getSumTotalTermFreq();
          sumDf += t.getSumDocFreq();
        }
      }
      if (docCount > 0) {
        collection.put(field, new CollectionStatistics(field, Math.max(maxDoc, docCount), docCount, Math.max(sumTtf, sumDf),
            sumDf));
      }
    }
  }

  /** Statistics of a field over all experts, or null when no expert has it. */
  public CollectionStatistics collectionStatistics(String field) {
    return collection.get(field);
  }

  /** A term's document frequency and total frequency over all experts, or null when no expert holds it. */
  public TermStatistics termStatistics(Term term) throws IOException {
    long df = 0;
    long ttf = 0;
    for (DirectoryReader r : readers) {
      Terms t = MultiTerms.getTerms(r, term.field());
      if (t == null) {
        continue;
      }
      TermsEnum te = t.iterator();
      if (te.seekExact(term.bytes())) {
        df += te.docFreq();
        ttf += te.totalTermFreq();
      }
    }
    return df == 0 ? null : new TermStatistics(term.bytes(), df, Math.max(ttf, df));
  }
}
