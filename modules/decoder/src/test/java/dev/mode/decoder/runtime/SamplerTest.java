package dev.mode.decoder.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.decoder.GenerationParams;
import dev.mode.decoder.bench.SamplerBenchmark;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Top-k / top-p sampling ranks only the tokens it can keep, and draws exactly what ranking every token would. */
class SamplerTest {
  private static float[] logits(int vocab, long seed) {
    var r = new Random(seed);
    float[] l = new float[vocab];
    for (int i = 0; i < vocab; i++) {
      l[i] = (float) (r.nextGaussian() * 3);
    }
    l[7] = l[11]; // a tie, broken by the lower id
    return l;
  }

  @Test
  void topKAndTopPDrawWhatAFullSortWould() {
    boolean[] seen = new boolean[32_000];
    for (long seed = 0; seed < 200; seed++) {
      float[] l = logits(32_000, seed);
      for (var p : List.of(new GenerationParams(8, 0.8, 40, 1.0, 1.0, seed, List.of(), false),
          new GenerationParams(8, 0.8, 0, 0.9, 1.0, seed, List.of(), false),
          new GenerationParams(8, 3.0, 0, 0.99, 1.0, seed, List.of(), false), // a nucleus wider than 256 tokens
          new GenerationParams(8, 1.2, 50, 0.5, 1.0, seed, List.of(), false))) {
        assertThat(new Sampler(p).next(l.clone(), seen)).as("seed %d, %s", seed, p).isEqualTo(SamplerBenchmark.fullSort(l, p, new SplittableRandom(seed)));
      }
    }
  }

  @Test
  void topRanksTheBestTokensFirstAndBreaksTiesByLowerId() {
    float[] l = {1, 5, 3, 5, -2, 4};
    assertThat(Sampler.top(l, 3)).containsExactly(1, 3, 5);
    assertThat(Sampler.top(l, 6)).containsExactly(1, 3, 5, 2, 0, 4);
  }

  @Test
  void plainTemperatureSamplingFollowsTheDistribution() {
    float[] l = {0, (float) Math.log(3)}; // probabilities 1/4 and 3/4 at temperature 1
    var p = new GenerationParams(8, 1.0, 0, 1.0, 1.0, 5, List.of(), false);
    var sampler = new Sampler(p);
    int ones = 0;
    for (int i = 0; i < 20_000; i++) {
      ones += sampler.next(l.clone(), new boolean[2]);
    }
    assertThat(ones / 20_000.0).isCloseTo(0.75, org.assertj.core.data.Offset.offset(0.02));
  }
}
