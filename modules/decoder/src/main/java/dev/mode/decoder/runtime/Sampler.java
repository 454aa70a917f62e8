package dev.mode.decoder.runtime;

import dev.mode.decoder.GenerationParams;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Chooses the next token from logits: greedy, or temperature / top-k / top-p sampling, after repetition penalty. */
public final class Sampler {
    private final GenerationParams params;
    private final SplittableRandom random;

    /** @param params how to choose */
    public Sampler(GenerationParams params) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
    }

    /**
     * @param logits  next-token logits (modified in place)
     * @param seen    flags of tokens already in the sequence (for the repetition penalty)
     * @return the chosen token id
     */
    public int next(float[] logits, boolean[] seen) {
        double penalty = params.repetitionPenalty();
        if (penalty != 1.0) {
            for (int i = 0; i < logits.length; i++) {
                if (seen[i]) {
                    // CTRL / transformers semantics: shrink positive logits, push negative ones further down
                    logits[i] = (float) (logits[i] > 0 ? logits[i] / penalty : logits[i] * penalty);
                }
            }
        }
        if (params.isGreedy()) {
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            return best;
        }
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        int keep = params.topK() > 0 ? Math.min(params.topK(), order.length) : order.length;
        double max = logits[order[0]] / params.temperature();
        double[] p = new double[keep];
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Math.exp(logits[order[i]] / params.temperature() - max);
            sum += p[i];
        }
        double cum = 0;
        int n = keep;
        for (int i = 0; i < keep; i++) {
            p[i] /= sum;
            cum += p[i];
            if (cum >= params.topP()) {
                n = i + 1;
                break;
            }
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += p[i];
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
            r -= p[i];
            if (r <= 0) {
                return order[i];
            }
        }
        return order[n - 1];
    }
}
