package dev.mode.core.retrieve;

import dev.mode.core.Hit;
import dev.mode.core.index.ExpertShard;
import dev.mode.core.index.ModeIndex;
import dev.mode.core.index.Passage;
import dev.mode.core.index.PassageFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * Searches the chosen experts of one index generation in parallel, each with BM25 (global statistics) and HNSW
 * vector search, merges their candidates into one ranking per signal and fuses the two. Because BM25 scores use
 * collection-wide statistics and vectors share one space, merging shard results is exact: an exhaustive search
 * is the same code with every expert chosen.
 */
public final class RoutedRetriever {
  private final ModeIndex index;
  private final List<ExpertShard> shards;
  private final GlobalStatistics stats;
  private final List<IndexSearcher> searchers;
  private final Executor executor;
  private final Analyzer analyzer = PassageFields.analyzer();

  /** The outcome of one search: the ranked hits and how many passages the searched experts hold. */
  public record Result(List<Hit> hits, long passagesScored) {}

  private record Candidate(int expert, int doc) {}

  private static final class Scores {
    double bm25;
    double vector;
    int bm25Rank;
    int vectorRank;
    double fused;
    Candidate where; // the copy that is cited: the first one ranked
  }

  public RoutedRetriever(ModeIndex index, Executor executor) throws IOException {
    this(index, index.shards(), executor);
  }

  /**
   * A retriever over shards that are not (yet) a published generation, e.g. the partial generation a gate trainer
   * searches exhaustively. The caller keeps the shards open while it searches.
   */
  public RoutedRetriever(List<ExpertShard> shards, Executor executor) throws IOException {
    this(null, shards, executor);
  }

  private RoutedRetriever(ModeIndex index, List<ExpertShard> shards, Executor executor) throws IOException {
    this.index = index;
    this.shards = List.copyOf(shards);
    this.executor = executor;
    this.stats = new GlobalStatistics(this.shards.stream().map(ExpertShard::reader).toList());
    this.searchers = this.shards.stream()
        .map(s -> (IndexSearcher) new GlobalStatsSearcher(s.reader(), stats)).toList();
  }

  /** The generation searched, or null for a retriever built over loose shards. */
  public ModeIndex index() {
    return index;
  }

  /** Collection-wide term statistics (also used for lexical routing features). */
  public GlobalStatistics statistics() {
    return stats;
  }

  /** Number of experts. */
  public int experts() {
    return shards.size();
  }

  /**
   * Searches {@code experts} for the query.
   *
   * @param text query text (BM25)
   * @param vector query embedding (vector search)
   * @param experts the experts to search
   * @param n hits to return
   * @param candidates candidates taken from each signal before fusion
   * @param mode which signals rank
   * @param fusion how signals are fused in hybrid mode
   * @param filter restricts both signals (e.g. metadata), or null
   */
  public Result search(String text, float[] vector, Collection<Integer> experts, int n, int candidates, RetrievalMode mode,
      Fusion fusion, Query filter) {
    Query bm25 = mode == RetrievalMode.DENSE ? null : bm25Query(text, filter);
    boolean dense = mode != RetrievalMode.BM25;
    List<CompletableFuture<Map<String, TopDocs>>> futures = new ArrayList<>();
    List<Integer> chosen = List.copyOf(new LinkedHashSet<>(experts));
    for (int e : chosen) {
      IndexSearcher s = searchers.get(e);
      futures.add(CompletableFuture.supplyAsync(() -> {
        try {
          Map<String, TopDocs> out = new HashMap<>();
          if (bm25 != null) {
            out.put("bm25", s.search(bm25, candidates));
          }
          if (dense && s.getIndexReader().numDocs() > 0) {
            out.put("vector", s.search(new KnnFloatVectorQuery(PassageFields.VECTOR, vector, candidates, filter), candidates));
          }
          return out;
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      }, chosen.size() == 1 ? Runnable::run : executor));
    }
    Map<String, Scores> scores = new HashMap<>(); // by passage id: copies in two experts are one passage
    List<Map.Entry<Candidate, Double>> bm25All = new ArrayList<>();
    List<Map.Entry<Candidate, Double>> vecAll = new ArrayList<>();
    long scored = 0;
    for (int i = 0; i < chosen.size(); i++) {
      int e = chosen.get(i);
      scored += shards.get(e).size();
      Map<String, TopDocs> r = joined(futures.get(i));
      collect(e, r.get("bm25"), bm25All);
      collect(e, r.get("vector"), vecAll);
    }
    Map<Candidate, String> ids = new HashMap<>();
    rank(dedupe(bm25All, ids, candidates), ids, candidates, scores, true);
    rank(dedupe(vecAll, ids, candidates), ids, candidates, scores, false);
    fuse(scores, mode, fusion);
    // equal scores (frequent under RRF) are ordered by passage id: the same order in every build, and for a
    // replicated passage the same whichever of its copies was found
    List<Map.Entry<String, Scores>> ranked = new ArrayList<>(scores.entrySet());
    ranked.sort(Comparator.<Map.Entry<String, Scores>>comparingDouble(en -> en.getValue().fused).reversed()
        .thenComparing(Map.Entry::getKey));
    List<Hit> hits = new ArrayList<>();
    for (var en : ranked.subList(0, Math.min(n, ranked.size()))) {
      hits.add(toHit(en.getValue().where, en.getValue()));
    }
    return new Result(hits, scored);
  }

  /** A shard search's result; its failure is rethrown as it was, not wrapped in a CompletionException. */
  private static Map<String, TopDocs> joined(CompletableFuture<Map<String, TopDocs>> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private static void collect(int expert, TopDocs td, List<Map.Entry<Candidate, Double>> into) {
    if (td == null) {
      return;
    }
    for (ScoreDoc sd : td.scoreDocs) {
      into.add(Map.entry(new Candidate(expert, sd.doc), (double) sd.score));
    }
  }

  /**
   * Keeps the best-scored copy of each passage, best first, equal scores in passage-id order: a passage replicated
   * into two searched experts would otherwise take two of a signal's candidate slots and push its neighbours' ranks
   * down, and ties would be ordered by where the passages happen to sit.
   */
  private List<Map.Entry<Candidate, Double>> dedupe(List<Map.Entry<Candidate, Double>> all, Map<Candidate, String> ids,
      int keep) {
    all.sort(Map.Entry.<Candidate, Double>comparingByValue().reversed()
        .thenComparing(e -> e.getKey().expert()).thenComparing(e -> e.getKey().doc()));
    Set<String> seen = new java.util.HashSet<>();
    List<Map.Entry<Candidate, Double>> out = new ArrayList<>(keep);
    for (var e : all) {
      // ids are read only for the candidates kept, and those tied with the last: stored-field reads are the cost
      if (out.size() >= keep && e.getValue() < out.get(out.size() - 1).getValue()) {
        break;
      }
      String id = ids.computeIfAbsent(e.getKey(), this::passageId);
      if (seen.add(id)) {
        out.add(e);
      }
    }
    out.sort(Map.Entry.<Candidate, Double>comparingByValue().reversed().thenComparing(e -> ids.get(e.getKey())));
    return out.size() > keep ? out.subList(0, keep) : out;
  }

  private String passageId(Candidate c) {
    try {
      return shards.get(c.expert()).reader().storedFields().document(c.doc(), Set.of(PassageFields.ID))
          .get(PassageFields.ID);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void rank(List<Map.Entry<Candidate, Double>> all, Map<Candidate, String> ids, int keep,
      Map<String, Scores> scores, boolean bm25) {
    for (int r = 0; r < Math.min(keep, all.size()); r++) {
      var e = all.get(r);
      Scores s = scores.computeIfAbsent(ids.get(e.getKey()), k -> new Scores());
      if (s.where == null) {
        s.where = e.getKey();
      }
      if (bm25) {
        s.bm25 = e.getValue();
        s.bm25Rank = r + 1;
      } else {
        s.vector = e.getValue();
        s.vectorRank = r + 1;
      }
    }
  }

  private static void fuse(Map<String, Scores> scores, RetrievalMode mode, Fusion fusion) {
    if (mode == RetrievalMode.BM25) {
      scores.values().forEach(s -> s.fused = s.bm25);
      return;
    }
    if (mode == RetrievalMode.DENSE) {
      scores.values().forEach(s -> s.fused = s.vector);
      return;
    }
    if (fusion.kind().equals("rrf")) {
      for (Scores s : scores.values()) {
        s.fused = (s.bm25Rank > 0 ? 1.0 / (fusion.rrfK() + s.bm25Rank) : 0)
            + (s.vectorRank > 0 ? 1.0 / (fusion.rrfK() + s.vectorRank) : 0);
      }
      return;
    }
    double bMin = Double.MAX_VALUE, bMax = -Double.MAX_VALUE, vMin = Double.MAX_VALUE, vMax = -Double.MAX_VALUE;
    for (Scores s : scores.values()) {
      if (s.bm25Rank > 0) {
        bMin = Math.min(bMin, s.bm25);
        bMax = Math.max(bMax, s.bm25);
      }
      if (s.vectorRank > 0) {
        vMin = Math.min(vMin, s.vector);
        vMax = Math.max(vMax, s.vector);
      }
    }
    for (Scores s : scores.values()) {
      double b = s.bm25Rank > 0 ? minMax(s.bm25, bMin, bMax) : 0;
      double v = s.vectorRank > 0 ? minMax(s.vector, vMin, vMax) : 0;
      s.fused = fusion.alpha() * v + (1 - fusion.alpha()) * b;
    }
  }

  /**
   * A signal's score scaled to 0..1 over its candidates. When they all score alike (one candidate, or ties) each
   * gets 1: being found by the signal is then all it says, and 0 is for passages it did not find.
   */
  private static double minMax(double x, double min, double max) {
    return max - min < 1e-9 ? 1 : (x - min) / (max - min);
  }

  private Hit toHit(Candidate c, Scores s) {
    try {
      var reader = shards.get(c.expert()).reader();
      Passage p = PassageFields.read(reader.storedFields(), c.doc());
      return new Hit(p.id(), p.docId(), p.title(), p.text(), p.source(), p.start(), p.end(), c.expert(), s.fused, s.bm25,
          s.vector, p.metadata());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The BM25 query for a text: one optional clause per distinct analysed term, boosted by how often the term occurs
   * in the query (as a query parser's repeated clauses would weigh it), at least one of which must match, plus the
   * filter. Terms beyond Lucene's clause limit (counting the filter's clauses) are left out; a text with no terms
   * matches nothing.
   */
  Query bm25Query(String text, Query filter) {
    Map<String, Integer> terms = new java.util.LinkedHashMap<>();
    for (String t : PassageFields.analyze(analyzer, text)) {
      terms.merge(t, 1, Integer::sum);
    }
    if (terms.isEmpty()) {
      return new MatchNoDocsQuery("no query term");
    }
    var b = new BooleanQuery.Builder();
    int room = IndexSearcher.getMaxClauseCount() - 1 - (filter == null ? 0 : leafClauses(filter));
    int clauses = 0;
    for (var t : terms.entrySet()) {
      if (++clauses > room) {
        break;
      }
      Query tq = new TermQuery(new Term(PassageFields.CONTENT, t.getKey()));
      b.add(t.getValue() == 1 ? tq : new org.apache.lucene.search.BoostQuery(tq, t.getValue()), BooleanClause.Occur.SHOULD);
    }
    if (filter != null) {
      // with a required clause present, Lucene no longer requires any optional one: say so, or every passage that
      // passes the filter would match with a BM25 score of 0
      b.setMinimumNumberShouldMatch(1);
      b.add(filter, BooleanClause.Occur.FILTER);
    }
    return b.build();
  }

  /** The leaf clauses of a query, as Lucene counts them against its clause limit. */
  private static int leafClauses(Query q) {
    int[] n = {0};
    q.visit(new QueryVisitor() {
      @Override
      public void consumeTerms(Query query, Term... terms) {
        n[0]++;
      }

      @Override
      public void visitLeaf(Query query) {
        n[0]++;
      }

      @Override
      public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
        return this;
      }
    });
    return n[0];
  }
}
