package dev.mode.decoder.bench;

import dev.mode.decoder.writer.FfnKernel;
import dev.mode.decoder.writer.MixtralSpec;
import dev.mode.decoder.writer.WeightFormat;

/**
 * One model variant measured by the benchmark.
 *
 * @param name   label in the table and directory name
 * @param spec   shape (the MoE spec, or its dense equivalent)
 * @param format weight format
 * @param kernel expert-layer form
 */
public record BenchConfig(String name, MixtralSpec spec, WeightFormat format, FfnKernel kernel) {

    /**
     * @return bytes of weights one decode step reads: every active parameter once (the chosen experts, attention,
     * router, norms, lm_head; one embedding row is negligible), int4 as 4 bits plus a float scale per 32
     */
    public double activeWeightBytes() {
        MixtralSpec s = spec;
        long linear = (long) s.numLayers() * (s.attentionParams() + s.expertsPerToken() * s.expertParams())
                + (long) s.vocabSize() * s.hiddenSize();
        long other = s.activeParams() - linear;
        double bytesPerLinear = format == WeightFormat.INT4 ? 0.5 + 4.0 / 32 : 4;
        return linear * bytesPerLinear + other * 4.0;
    }
}
