package dev.mode.decoder.reference;

import static dev.mode.decoder.writer.MixtralWeights.expert;
import static dev.mode.decoder.writer.MixtralWeights.layer;

import dev.mode.decoder.writer.MixtralSpec;
import dev.mode.decoder.writer.MixtralWeights;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Plain-Java forward pass of a Mixtral decoder with Hugging Face semantics (RMSNorm, non-interleaved rotary,
 * grouped-query causal attention, softmax router, top-k experts renormalised, SwiGLU experts). Slow and simple
 * on purpose: it is the yardstick the ONNX graphs are tested against, recomputing the whole sequence each call.
 */
public final class MixtralReference {
    private final MixtralSpec s;
    private final Map<String, float[]> t = new HashMap<>();

    /** Loads every tensor (meant for small test models). */
    public MixtralReference(MixtralWeights weights) {
        this.s = weights.spec();
        for (String n : names()) {
            t.put(n, weights.get(n));
        }
    }

    private Iterable<String> names() {
        java.util.List<String> n = new java.util.ArrayList<>();
        n.add("model.embed_tokens.weight");
        n.add("model.norm.weight");
        n.add("lm_head.weight");
        for (int l = 0; l < s.numLayers(); l++) {
            for (String p : new String[] {"input_layernorm.weight", "post_attention_layernorm.weight",
                    "self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight",
                    "self_attn.o_proj.weight", "block_sparse_moe.gate.weight"}) {
                n.add(layer(l, p));
            }
            for (int e = 0; e < s.numExperts(); e++) {
                n.add(expert(l, e, "w1"));
                n.add(expert(l, e, "w2"));
                n.add(expert(l, e, "w3"));
            }
        }
        return n;
    }

    /** @return logits [position][vocab] for every position of the sequence */
    public float[][] forward(int[] tokens) {
        int n = tokens.length;
        int h = s.hiddenSize();
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            x[i] = Arrays.copyOfRange(t.get("model.embed_tokens.weight"), tokens[i] * h, (tokens[i] + 1) * h);
        }
        for (int l = 0; l < s.numLayers(); l++) {
            float[][] normed = new float[n][];
            for (int i = 0; i < n; i++) {
                normed[i] = rms(x[i], t.get(layer(l, "input_layernorm.weight")));
            }
            float[][] attn = attention(l, normed);
            for (int i = 0; i < n; i++) {
                add(x[i], attn[i]);
                float[] y = moe(l, rms(x[i], t.get(layer(l, "post_attention_layernorm.weight"))));
                add(x[i], y);
            }
        }
        float[][] logits = new float[n][];
        for (int i = 0; i < n; i++) {
            logits[i] = matvec(t.get("lm_head.weight"), s.vocabSize(), h, rms(x[i], t.get("model.norm.weight")));
        }
        return logits;
    }

    /** @return greedy continuation of {@code prompt}, recomputing everything each step */
    public int[] greedy(int[] prompt, int newTokens) {
        int[] seq = Arrays.copyOf(prompt, prompt.length + newTokens);
        for (int i = 0; i < newTokens; i++) {
            float[][] logits = forward(Arrays.copyOf(seq, prompt.length + i));
            seq[prompt.length + i] = argmax(logits[logits.length - 1]);
        }
        return Arrays.copyOfRange(seq, prompt.length, seq.length);
    }

    /** @return index of the largest value (first on ties) */
    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private float[][] attention(int l, float[][] x) {
        int n = x.length;
        int h = s.hiddenSize();
        int hd = s.headDim();
        int kvDim = s.numKvHeads() * hd;
        float[][] q = new float[n][];
        float[][] k = new float[n][];
        float[][] v = new float[n][];
        for (int i = 0; i < n; i++) {
            q[i] = matvec(t.get(layer(l, "self_attn.q_proj.weight")), h, h, x[i]);
            k[i] = matvec(t.get(layer(l, "self_attn.k_proj.weight")), kvDim, h, x[i]);
            v[i] = matvec(t.get(layer(l, "self_attn.v_proj.weight")), kvDim, h, x[i]);
            rope(q[i], s.numHeads(), i);
            rope(k[i], s.numKvHeads(), i);
        }
        int group = s.numHeads() / s.numKvHeads();
        double scale = 1 / Math.sqrt(hd);
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] o = new float[h];
            for (int head = 0; head < s.numHeads(); head++) {
                int kvh = head / group;
                double[] sc = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double d = 0;
                    for (int c = 0; c < hd; c++) {
                        d += q[i][head * hd + c] * k[j][kvh * hd + c];
                    }
                    sc[j] = d * scale;
                    max = Math.max(max, sc[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    sc[j] = Math.exp(sc[j] - max);
                    sum += sc[j];
                }
                for (int j = 0; j <= i; j++) {
                    float p = (float) (sc[j] / sum);
                    for (int c = 0; c < hd; c++) {
                        o[head * hd + c] += p * v[j][kvh * hd + c];
                    }
                }
            }
            out[i] = matvec(t.get(layer(l, "self_attn.o_proj.weight")), h, h, o);
        }
        return out;
    }

    private void rope(float[] x, int heads, int pos) {
        int hd = s.headDim();
        int half = hd / 2;
        for (int head = 0; head < heads; head++) {
            int b = head * hd;
            for (int i = 0; i < half; i++) {
                double invFreq = Math.pow(s.ropeTheta(), -2.0 * i / hd);
                float cos = (float) Math.cos(pos * invFreq);
                float sin = (float) Math.sin(pos * invFreq);
                float a = x[b + i];
                float c = x[b + i + half];
                x[b + i] = a * cos - c * sin;
                x[b + i + half] = c * cos + a * sin;
            }
        }
    }

    private float[] moe(int l, float[] x) {
        int h = s.hiddenSize();
        int inter = s.intermediateSize();
        float[] logits = matvec(t.get(layer(l, "block_sparse_moe.gate.weight")), s.numExperts(), h, x);
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int e = 0; e < p.length; e++) {
            p[e] = Math.exp(logits[e] - max);
            sum += p[e];
        }
        Integer[] order = new Integer[p.length];
        for (int e = 0; e < p.length; e++) {
            p[e] /= sum;
            order[e] = e;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        double chosen = 0;
        for (int i = 0; i < s.expertsPerToken(); i++) {
            chosen += p[order[i]];
        }
        float[] y = new float[h];
        for (int i = 0; i < s.expertsPerToken(); i++) {
            int e = order[i];
            float weight = (float) (p[e] / chosen);
            float[] gate = matvec(t.get(expert(l, e, "w1")), inter, h, x);
            float[] up = matvec(t.get(expert(l, e, "w3")), inter, h, x);
            for (int j = 0; j < inter; j++) {
                gate[j] = (float) (gate[j] / (1 + Math.exp(-gate[j]))) * up[j];
            }
            float[] down = matvec(t.get(expert(l, e, "w2")), h, inter, gate);
            for (int j = 0; j < h; j++) {
                y[j] += weight * down[j];
            }
        }
        return y;
    }

    private float[] rms(float[] x, float[] gamma) {
        double ss = 0;
        for (float v : x) {
            ss += v * v;
        }
        float inv = (float) (1 / Math.sqrt(ss / x.length + s.rmsNormEps()));
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * inv * gamma[i];
        }
        return y;
    }

    private static void add(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }

    private static float[] matvec(float[] w, int rows, int cols, float[] x) {
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            double acc = 0;
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                acc += w[base + c] * x[c];
            }
            y[r] = (float) acc;
        }
        return y;
    }
}
