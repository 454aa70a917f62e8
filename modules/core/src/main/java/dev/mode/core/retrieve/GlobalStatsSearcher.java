package dev.mode.core.retrieve;

import java.io.IOException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermStatistics;

/** An {@link IndexSearcher} over one shard that scores with {@link GlobalStatistics} instead of the shard's own. */
final class GlobalStatsSearcher extends IndexSearcher {
  private final GlobalStatistics global;

  GlobalStatsSearcher(IndexReader reader, GlobalStatistics global) {
    super(reader);
    this.global = global;
  }

  @Override
  public TermStatistics termStatistics(Term term, int docFreq, long totalTermFreq) throws IOException {
    TermStatistics g = global.termStatistics(term);
    return g != null ? g : super.termStatistics(term, docFreq, totalTermFreq);
  }

  @Override
  public CollectionStatistics collectionStatistics(String field) throws IOException {
    CollectionStatistics g = global.collectionStatistics(field);
    return g != null ? g : super.collectionStatistics(field);
  }
}
