package dev.mode.core.gate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Turns gate probabilities into the experts to search.
 *
 * @param kind {@code fixed} (the top-k), {@code adaptive} (in gate order until the cumulative probability reaches
 *     {@code p}, at most {@code maxK}) or {@code exhaustive} (every expert)
 * @param topK experts for the fixed policy
 * @param p cumulative probability for the adaptive policy
 * @param maxK most experts for the adaptive policy
 * @param entropyFallback normalised entropy above which the gate counts as unsure and every expert is searched
 */
public record RoutingPolicy(String kind, int topK, double p, int maxK, double entropyFallback) {
  public RoutingPolicy {
    if (!List.of("fixed", "adaptive", "exhaustive").contains(kind)) {
      throw new IllegalArgumentException("routing policy must be fixed, adaptive or exhaustive, not " + kind);
    }
    if (topK < 1 || maxK < 1) {
      throw new IllegalArgumentException("experts per query must be >= 1");
    }
  }

  public static RoutingPolicy fixed(int k) {
    return new RoutingPolicy("fixed", k, 1.0, k, 1.0);
  }

  public static RoutingPolicy exhaustive() {
    return new RoutingPolicy("exhaustive", 1, 1.0, 1, 1.0);
  }

  /** The chosen experts, in decreasing probability, and whether the entropy fallback fired. */
  public record Choice(List<Integer> experts, boolean fallback) {}

  public Choice choose(double[] probs) {
    List<Integer> order = IntStream.range(0, probs.length).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> probs[i]).reversed().thenComparing(i -> i)).toList();
    if (kind.equals("exhaustive")) {
      return new Choice(order, false);
    }
    if (entropyFallback < 1.0 && Softmax.normalizedEntropy(probs) > entropyFallback || !allFinite(probs)) {
      return new Choice(order, true); // a gate that cannot say (a non-finite probability) is as unsure as can be
    }
    if (kind.equals("fixed")) {
      return new Choice(order.subList(0, Math.min(topK, order.size())), false);
    }
    List<Integer> chosen = new ArrayList<>();
    double cum = 0;
    for (int e : order) {
      chosen.add(e);
      cum += probs[e];
      if (cum >= p || chosen.size() >= maxK) {
        break;
      }
    }
    return new Choice(chosen, false);
  }

  private static boolean allFinite(double[] probs) {
    for (double p : probs) {
      if (!Double.isFinite(p)) {
        return false;
      }
    }
    return true;
  }
}
