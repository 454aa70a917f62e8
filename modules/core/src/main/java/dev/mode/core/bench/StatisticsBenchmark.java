package dev.mode.core.bench;

import dev.mode.core.index.ExpertShard;
import dev.mode.core.index.ModeIndex;
import dev.mode.core.index.PassageFields;
import dev.mode.core.retrieve.Fusion;
import dev.mode.core.retrieve.GlobalStatistics;
import dev.mode.core.retrieve.RetrievalMode;
import dev.mode.core.retrieve.RoutedRetriever;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;

/**
 * Times the global BM25 statistics a routed search asks for (every query term, once per expert searched) with each
 * term remembered per generation against looking every term up again, side by side in alternating rounds on a real
 * index, and the whole routed BM25 search for scale ({@code mode bench stats}).
 */
public final class StatisticsBenchmark {
  private StatisticsBenchmark() {}

  /**
   * Best-of-rounds times per query, in milliseconds.
   *
   * @param lookupMs statistics looked up again for every term and expert (before the memo)
   * @param memoMs the same requests against statistics that remember each term, fresh each round
   * @param searchMs a whole routed BM25 search over the experts (with the memo)
   */
  public record Result(int queries, double termsPerQuery, int experts, double lookupMs, double memoMs,
      double searchMs) {
    /** How many times faster the memo answers the statistics requests. */
    public double ratio() {
      return lookupMs / memoMs;
    }
  }

  /** Runs {@code rounds} rounds over {@code queries}, searching the first {@code experts} experts of the index. */
  public static Result run(Path indexDir, List<String> queries, int experts, int rounds) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, experts));
    try (ModeIndex index = ModeIndex.open(indexDir); Analyzer analyzer = PassageFields.analyzer()) {
      int k = Math.min(experts, index.shards().size());
      List<DirectoryReader> readers = index.shards().stream().map(ExpertShard::reader).toList();
      List<List<Term>> terms = new ArrayList<>();
      long termCount = 0;
      for (String q : queries) {
        List<Term> ts = PassageFields.analyze(analyzer, q).stream().map(t -> new Term(PassageFields.CONTENT, t)).toList();
        terms.add(ts);
        termCount += ts.size();
      }
      var retriever = new RoutedRetriever(index, pool);
      float[] noVector = new float[index.manifest().dimension()];
      List<Integer> chosen = java.util.stream.IntStream.range(0, k).boxed().toList();
      double lookup = Double.MAX_VALUE;
      double memo = Double.MAX_VALUE;
      double search = Double.MAX_VALUE;
      for (int round = 0; round < rounds; round++) {
        // the order alternates so that neither side always runs on a cache the other warmed
        boolean baselineFirst = round % 2 == 0;
        double a = baselineFirst ? requests(GlobalStatistics.withoutMemo(readers), terms, k) : 0;
        double b = requests(new GlobalStatistics(readers), terms, k);
        if (!baselineFirst) {
          a = requests(GlobalStatistics.withoutMemo(readers), terms, k);
        }
        lookup = Math.min(lookup, a);
        memo = Math.min(memo, b);
        long t0 = System.nanoTime();
        for (String q : queries) {
          retriever.search(q, noVector, chosen, 100, 100, RetrievalMode.BM25, Fusion.rrf(), null);
        }
        search = Math.min(search, (System.nanoTime() - t0) / 1e6 / queries.size());
      }
      return new Result(queries.size(), termCount / (double) queries.size(), k, lookup, memo, search);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Milliseconds per query to answer every term's statistics once per expert searched. */
  private static double requests(GlobalStatistics stats, List<List<Term>> terms, int experts) throws IOException {
    long t0 = System.nanoTime();
    long found = 0;
    for (List<Term> ts : terms) {
      for (int e = 0; e < experts; e++) {
        for (Term t : ts) {
          found += stats.termStatistics(t) == null ? 0 : 1;
        }
      }
    }
    if (found < 0) {
      throw new AssertionError(); // keeps the loop's result alive
    }
    return (System.nanoTime() - t0) / 1e6 / terms.size();
  }
}
