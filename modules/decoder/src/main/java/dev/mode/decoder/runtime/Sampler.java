package dev.mode.decoder.runtime;

import dev.mode.decoder.GenerationParams;
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
        double temperature = params.temperature();
        float maxLogit = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            maxLogit = Math.max(maxLogit, l);
        }
        if (params.topK() == 0 && params.topP() >= 1.0) {
            // plain temperature sampling: the whole distribution, nothing to rank
            double[] p = new double[logits.length];
            double total = 0;
            for (int t = 0; t < p.length; t++) {
                p[t] = Math.exp((logits[t] - maxLogit) / temperature);
                total += p[t];
            }
            return draw(p, null, p.length, total);
        }
        // Only the most likely tokens can be kept by top-k or top-p: rank those, not the whole vocabulary (a full sort
        // of a 32k-150k vocabulary per token costs more than a small model's decode step)
        double all = 0;
        for (float l : logits) {
            all += Math.exp((l - maxLogit) / temperature);
        }
        int m = params.topK() > 0 ? Math.min(params.topK(), logits.length) : Math.min(256, logits.length);
        int[] order;
        double[] p;
        while (true) {
            order = top(logits, m);
            p = new double[m];
            double norm = 0;
            for (int i = 0; i < m; i++) {
                p[i] = Math.exp((logits[order[i]] - maxLogit) / temperature);
                norm += p[i];
            }
            if (params.topK() == 0) {
                norm = all; // top-p alone: probabilities over the whole vocabulary
            }
            double cum = 0;
            int n = -1;
            for (int i = 0; i < m; i++) {
                p[i] /= norm;
                cum += p[i];
                if (cum >= params.topP()) {
                    n = i + 1;
                    break;
                }
            }
            if (n > 0 || params.topK() > 0 || m == logits.length) {
                int kept = n > 0 ? n : m;
                double total = 0;
                for (int i = 0; i < kept; i++) {
                    total += p[i];
                }
                return draw(p, order, kept, total);
            }
            m = Math.min(logits.length, m * 4); // the nucleus is wider than the tokens ranked: rank more
        }
    }

    /** Samples one of the first {@code n} weights (summing to {@code total}); returns its token. */
    private int draw(double[] weights, int[] tokens, int n, double total) {
        double r = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
            r -= weights[i];
            if (r <= 0) {
                return tokens == null ? i : tokens[i];
            }
        }
        return tokens == null ? n - 1 : tokens[n - 1];
    }

    /**
     * The {@code m} tokens with the highest logits, highest first (ties: lower id first), by a bounded min-heap over
     * the vocabulary: O(V log m) rather than a full sort.
     */
    static int[] top(float[] logits, int m) {
        int[] heap = new int[m]; // worst kept token at the root
        int size = 0;
        for (int t = 0; t < logits.length; t++) {
            if (size < m) {
                heap[size] = t;
                siftUp(heap, size++, logits);
            } else if (better(t, heap[0], logits)) {
                heap[0] = t;
                siftDown(heap, size, logits);
            }
        }
        int[] out = new int[size];
        for (int i = size - 1; i >= 0; i--) { // pop the worst first, filling from the back
            out[i] = heap[0];
            heap[0] = heap[--size];
            siftDown(heap, size, logits);
        }
        return out;
    }

    /** Whether token a ranks before token b: higher logit, then lower id. */
    private static boolean better(int a, int b, float[] logits) {
        int c = Float.compare(logits[a], logits[b]);
        return c > 0 || c == 0 && a < b;
    }

    private static void siftUp(int[] heap, int i, float[] logits) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!better(heap[parent], heap[i], logits)) {
                return;
            }
            int tmp = heap[parent];
            heap[parent] = heap[i];
            heap[i] = tmp;
            i = parent;
        }
    }

    private static void siftDown(int[] heap, int size, float[] logits) {
        int i = 0;
        while (true) {
            int worst = i;
            for (int c = 2 * i + 1; c <= 2 * i + 2 && c < size; c++) {
                if (better(heap[worst], heap[c], logits)) {
                    worst = c;
                }
            }
            if (worst == i) {
                return;
            }
            int tmp = heap[worst];
            heap[worst] = heap[i];
            heap[i] = tmp;
            i = worst;
        }
    }
}
