package dev.mode.core.retrieve;

import dev.mode.core.index.PassageFields;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.util.BytesRef;

/**
 * Term and collection statistics summed over every expert of a generation, so BM25 computes the same idf and
 * average length whichever shard a passage sits in: scores from different shards are then directly comparable
 * and a routed search ranks a passage as an exhaustive one would. A passage replicated into two experts counts once
 * (its copies are marked by {@link PassageFields#COPY_CONTENT}), so the statistics are those of the corpus, not of
 * its copies.
 *
 * <p>As in any Lucene index, a deleted passage counts until a merge drops its segment's deletions: after an update
 * the scores are those of one Lucene index that went through the same update, not those of a fresh build (replacing
 * 10% of cisi's documents by themselves moved BM25 nDCG@10 from .3766 to .3763; docs/evaluation.md). Subtracting
 * deleted passages exactly would take a scan of their postings at every generation switch.
 */
public final class GlobalStatistics {
  /** Terms remembered per generation before the memo starts over (a few MB at most). */
  static final int MEMO_LIMIT = 100_000;

  private final List<DirectoryReader> readers;
  private final Map<String, CollectionStatistics> collection = new HashMap<>();
  // a generation never changes, so a term's statistics are looked up once: each searched expert's searcher asks for
  // every query term, and each answer costs two term-dictionary seeks per expert (about a third of a BM25 search
  // over two experts on cisi's long queries; docs/benchmarks.md)
  private final ConcurrentHashMap<Term, Optional<TermStatistics>> memo;

  /** Statistics over the given experts' readers, each term's remembered once looked up. */
  public GlobalStatistics(List<DirectoryReader> readers) throws IOException {
    this(readers, true);
  }

  /** Statistics that look every term up again each time: the baseline of {@code mode bench stats}. */
  public static GlobalStatistics withoutMemo(List<DirectoryReader> readers) throws IOException {
    return new GlobalStatistics(readers, false);
  }

  private GlobalStatistics(List<DirectoryReader> readers, boolean memo) throws IOException {
    this.memo = memo ? new ConcurrentHashMap<>() : null;
    this.readers = List.copyOf(readers);
    String field = PassageFields.CONTENT;
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
      Terms copies = MultiTerms.getTerms(r, PassageFields.COPY_CONTENT);
      if (copies != null) { // each passage counts once: take its copies' share back out
        maxDoc -= copies.getDocCount();
        docCount -= copies.getDocCount();
        sumTtf -= copies.getSumTotalTermFreq();
        sumDf -= copies.getSumDocFreq();
      }
    }
    if (docCount > 0) {
      collection.put(field, new CollectionStatistics(field, Math.max(maxDoc, docCount), docCount,
          Math.max(sumTtf, sumDf), Math.max(sumDf, docCount)));
    }
  }

  /** Statistics of a field over all experts, or null when no expert has it. */
  public CollectionStatistics collectionStatistics(String field) {
    return collection.get(field);
  }

  /**
   * A term's document frequency and total frequency over all experts, a passage held by two experts counted once;
   * null when no expert holds it.
   */
  public TermStatistics termStatistics(Term term) throws IOException {
    if (memo == null) {
      return lookUp(term);
    }
    Optional<TermStatistics> known = memo.get(term);
    if (known != null) {
      return known.orElse(null);
    }
    TermStatistics stats = lookUp(term);
    if (memo.size() >= MEMO_LIMIT) {
      memo.clear();
    }
    memo.put(new Term(term.field(), BytesRef.deepCopyOf(term.bytes())), Optional.ofNullable(stats));
    return stats;
  }

  private TermStatistics lookUp(Term term) throws IOException {
    long df = 0;
    long ttf = 0;
    boolean content = term.field().equals(PassageFields.CONTENT);
    for (DirectoryReader r : readers) {
      TermsEnum te = seek(r, term.field(), term);
      if (te != null) {
        df += te.docFreq();
        ttf += te.totalTermFreq();
      }
      TermsEnum copies = content ? seek(r, PassageFields.COPY_CONTENT, term) : null;
      if (copies != null) {
        df -= copies.docFreq();
        ttf -= copies.totalTermFreq();
      }
    }
    // the bytes are copied: the caller's may be reused, and the statistics may be remembered
    return df <= 0 ? null : new TermStatistics(BytesRef.deepCopyOf(term.bytes()), df, Math.max(ttf, df));
  }

  /** The term's entry in a field of a reader, or null when it is not there. */
  private static TermsEnum seek(DirectoryReader r, String field, Term term) throws IOException {
    Terms t = MultiTerms.getTerms(r, field);
    if (t == null) {
      return null;
    }
    TermsEnum te = t.iterator();
    return te.seekExact(term.bytes()) ? te : null;
  }
}
