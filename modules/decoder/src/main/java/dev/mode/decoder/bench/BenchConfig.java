package dev.mode.decoder.bench;

import dev.mode.decoder.writer.FfnKernel;
import dev.mode.decoder.writer.Int4;
import dev.mode.decoder.writer.MixtralSpec;
import dev.mode.decoder.writer.WeightFormat;

/**
 * One model variant measured by the benchmark.
 *
 * @param name   label in the table and directory name
 * @param spec   shape (the MoE spec, or its dense equivalent)
 * @param format weight format
 * @param kernel expert-layer form
 * @param sharedKv whether the KV cache is one buffer updated in place (the written models' default) or grows by a
 *               copy per step (how a model without that declaration runs); the same weights either way
 */
public record BenchConfig(String name, MixtralSpec spec, WeightFormat format, FfnKernel kernel, boolean sharedKv) {

    /** A configuration with the shared, in-place KV buffer. */
    public BenchConfig(String name, MixtralSpec spec, WeightFormat format, FfnKernel kernel) {
        this(name, spec, format, kernel, true);
    }

    /** The name of the configuration this one shares weights with. */
    public String modelName() {
        return sharedKv ? name : name.replace(GROWING_SUFFIX, "");
    }

    /** Suffix of the rows whose KV cache grows by a copy per step. */
    public static final String GROWING_SUFFIX = "-growing-kv";

    /**
     * @return bytes of weights one decode step reads: every active parameter once (the chosen experts, attention,
     * router, norms, lm_head; one embedding row is negligible), int4 as 4 bits plus a float scale per block
     */
    public double activeWeightBytes() {
        MixtralSpec s = spec;
        int h = s.hiddenSize();
        int kv = s.numKvHeads() * s.headDim();
        long linear = (long) s.numLayers() * (s.attentionParams() + s.expertsPerToken() * s.expertParams())
                + (long) s.vocabSize() * h;
        long other = s.activeParams() - linear;
        if (format != WeightFormat.INT4) {
            return (linear + other) * 4.0;
        }
        int b = s.int4Block();
        long perLayer = Int4.bytes(h + 2L * kv, h, b) + Int4.bytes(h, h, b)
                + s.expertsPerToken() * (Int4.bytes(2L * s.intermediateSize(), h, b) + Int4.bytes(h, s.intermediateSize(), b));
        return s.numLayers() * (double) perLayer + Int4.bytes(s.vocabSize(), h, b) + other * 4.0;
    }
}
