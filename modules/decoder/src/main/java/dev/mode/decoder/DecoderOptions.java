package dev.mode.decoder;

import java.util.Locale;
import java.util.Set;

/**
 * How to open a model.
 *
 * @param provider          execution provider
 * @param intraOpThreads    ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core)
 * @param optimizationLevel graph optimisation: {@code none}, {@code basic}, {@code extended} or {@code all}
 */
public record DecoderOptions(Provider provider, int intraOpThreads, String optimizationLevel) {
    private static final Set<String> LEVELS = Set.of("none", "basic", "extended", "all");

    /** Validates the values so a bad option fails at construction, not deep inside ONNX Runtime. */
    public DecoderOptions {
        if (provider == null) {
            provider = Provider.AUTO;
        }
        if (intraOpThreads < 0) {
            throw new DecoderException("intraOpThreads must be >= 0 (0 = ONNX Runtime default), got " + intraOpThreads);
        }
        optimizationLevel = optimizationLevel == null ? "all" : optimizationLevel.trim().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(optimizationLevel)) {
            throw new DecoderException("Unknown graph optimization level '" + optimizationLevel
                    + "'; expected one of none, basic, extended, all");
        }
    }

    /** @return AUTO provider, ONNX Runtime's default thread count, all graph optimisations */
    public static DecoderOptions defaults() {
        return new DecoderOptions(Provider.AUTO, 0, "all");
    }

    /** @return a copy with another provider */
    public DecoderOptions withProvider(Provider p) {
        return new DecoderOptions(p, intraOpThreads, optimizationLevel);
    }
}
