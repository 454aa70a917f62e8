package dev.mode.decoder.bench;

import dev.mode.decoder.GenerationParams;
import dev.mode.decoder.runtime.Sampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Time per sampled token of {@link Sampler} against the full-sort baseline it replaced (rank the whole vocabulary,
 * keep the top k, then the nucleus), side by side on the same random logits. Greedy decoding needs neither.
 */
public final class SamplerBenchmark {
  private SamplerBenchmark() {}

  /** One measurement: a vocabulary size and sampling setting, milliseconds per token for each way. */
  public record Row(int vocab, int topK, double topP, double fullSortMs, double sampledMs) {
    public double ratio() {
      return fullSortMs / sampledMs;
    }
  }

  /**
   * The baseline: sort every token by logit (ties: lower id first), keep top-k, normalise, keep the nucleus, draw.
   * Kept as the reference the sampler must agree with, token for token.
   */
  public static int fullSort(float[] logits, GenerationParams p, SplittableRandom random) {
    Integer[] order = IntStream.range(0, logits.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
    int keep = p.topK() > 0 ? Math.min(p.topK(), order.length) : order.length;
    double max = logits[order[0]] / p.temperature();
    double[] w = new double[keep];
    double sum = 0;
    for (int i = 0; i < keep; i++) {
      w[i] = Math.exp(logits[order[i]] / p.temperature() - max);
      sum += w[i];
    }
    double cum = 0;
    int n = keep;
    for (int i = 0; i < keep; i++) {
      w[i] /= sum;
      cum += w[i];
      if (cum >= p.topP()) {
        n = i + 1;
        break;
      }
    }
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += w[i];
    }
    double r = random.nextDouble() * total;
    for (int i = 0; i < n; i++) {
      r -= w[i];
      if (r <= 0) {
        return order[i];
      }
    }
    return order[n - 1];
  }

  /**
   * Measures each vocabulary size with top-p 0.9 and with top-k 40 (temperature 0.8), over {@code tokens} draws of
   * Gaussian logits (sd 3), after as many warm-up rounds.
   */
  public static List<Row> run(int[] vocabs, int tokens) {
    List<Row> rows = new ArrayList<>();
    for (int vocab : vocabs) {
      float[][] logits = new float[tokens][vocab];
      var r = new Random(1);
      for (float[] l : logits) {
        for (int i = 0; i < vocab; i++) {
          l[i] = (float) (r.nextGaussian() * 3);
        }
      }
      for (var p : List.of(new GenerationParams(8, 0.8, 0, 0.9, 1.0, 1, List.of(), false),
          new GenerationParams(8, 0.8, 40, 1.0, 1.0, 1, List.of(), false))) {
        boolean[] seen = new boolean[vocab];
        long sink = 0;
        double full = 0;
        double sampled = 0;
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
          long t0 = System.nanoTime();
          var random = new SplittableRandom(1);
          for (float[] l : logits) {
            sink += fullSort(l, p, random);
          }
          long t1 = System.nanoTime();
          var sampler = new Sampler(p);
          for (float[] l : logits) {
            sink += sampler.next(l.clone(), seen);
          }
          long t2 = System.nanoTime();
          full = (t1 - t0) / 1e6 / tokens;
          sampled = (t2 - t1) / 1e6 / tokens;
        }
        if (sink == Long.MIN_VALUE) {
          throw new IllegalStateException(); // keeps the draws from being optimised away
        }
        rows.add(new Row(vocab, p.topK(), p.topP(), full, sampled));
      }
    }
    return rows;
  }
}
