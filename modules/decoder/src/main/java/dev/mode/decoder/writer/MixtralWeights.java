package dev.mode.decoder.writer;

import java.util.SplittableRandom;

/**
 * Seeded random weights under Hugging Face Mixtral tensor names, generated one tensor at a time (so a 2.6 GB
 * model never sits in the heap whole) and identically on every call, which lets the writer and the reference
 * forward pass see the same numbers. With {@link WeightFormat#INT4} the linear layers come back already
 * quantised and dequantised, i.e. exactly the values the int4 graph computes with.
 */
public final class MixtralWeights {
    private final MixtralSpec spec;
    private final long seed;
    private final WeightFormat format;

    /** @param spec shapes; @param seed random seed; @param format whether linear layers are int4-rounded */
    public MixtralWeights(MixtralSpec spec, long seed, WeightFormat format) {
        this.spec = spec;
        this.seed = seed;
        this.format = format;
    }

    /** @return the shapes */
    public MixtralSpec spec() {
        return spec;
    }

    /** @return the weight format */
    public WeightFormat format() {
        return format;
    }

    /** @return [rows, cols] of an HF tensor, cols = 1 for vectors */
    public int[] shape(String name) {
        MixtralSpec s = spec;
        int h = s.hiddenSize();
        int kv = s.numKvHeads() * s.headDim();
        if (name.endsWith("layernorm.weight") || name.equals("model.norm.weight")) {
            return new int[] {h, 1};
        }
        if (name.equals("model.embed_tokens.weight") || name.equals("lm_head.weight")) {
            return new int[] {s.vocabSize(), h};
        }
        if (name.endsWith("q_proj.weight") || name.endsWith("o_proj.weight")) {
            return new int[] {h, h};
        }
        if (name.endsWith("k_proj.weight") || name.endsWith("v_proj.weight")) {
            return new int[] {kv, h};
        }
        if (name.endsWith("gate.weight")) {
            return new int[] {s.numExperts(), h};
        }
        if (name.endsWith("w1.weight") || name.endsWith("w3.weight")) {
            return new int[] {s.intermediateSize(), h};
        }
        if (name.endsWith("w2.weight")) {
            return new int[] {h, s.intermediateSize()};
        }
        throw new IllegalArgumentException("unknown tensor " + name);
    }

    /** @return whether the tensor is stored as int4 in the INT4 format */
    public static boolean quantizable(String name) {
        return name.endsWith("proj.weight") || name.endsWith("w1.weight") || name.endsWith("w2.weight")
                || name.endsWith("w3.weight") || name.equals("lm_head.weight");
    }

    /** @return the raw float32 values (row-major [rows, cols]) before any quantisation */
    public float[] raw(String name) {
        int[] sh = shape(name);
        int n = sh[0] * sh[1];
        float[] w = new float[n];
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
        if (sh[1] == 1) {
            // norms near 1 so activations keep their scale but differ per channel
            for (int i = 0; i < n; i++) {
                w[i] = 1f + (float) (rnd.nextDouble() - 0.5) * 0.2f;
            }
            return w;
        }
        // uniform with std 1/sqrt(fan_in) keeps activations O(1) through the layers; the embedding uses std 1
        double std = name.equals("model.embed_tokens.weight") ? 1.0 : 1.0 / Math.sqrt(sh[1]);
        double a = std * Math.sqrt(3);
        for (int i = 0; i < n; i++) {
            w[i] = (float) ((rnd.nextDouble() * 2 - 1) * a);
        }
        return w;
    }

    /** @return int4 form of a quantizable tensor */
    public Int4.Quantized quantized(String name) {
        int[] sh = shape(name);
        return Int4.quantize(raw(name), sh[0], sh[1], spec.int4Block());
    }

    /** @return the values the model computes with (dequantised int4 where the format says so) */
    public float[] get(String name) {
        if (format == WeightFormat.INT4 && quantizable(name)) {
            int[] sh = shape(name);
            return Int4.dequantize(quantized(name), sh[0], sh[1]);
        }
        return raw(name);
    }

    /** @return HF name of a layer tensor */
    public static String layer(int l, String suffix) {
        return "model.layers." + l + "." + suffix;
    }

    /** @return HF name of an expert tensor */
    public static String expert(int l, int e, String w) {
        return layer(l, "block_sparse_moe.experts." + e + "." + w + ".weight");
    }
}
