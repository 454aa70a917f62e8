package dev.mode.decoder;

import java.util.Locale;

/** ONNX Runtime execution provider to run the model on. */
public enum Provider {
    /** Plain CPU kernels. */
    CPU,
    /** NVIDIA CUDA (needs the {@code cuda} Maven profile, a CUDA runtime and a device). */
    CUDA,
    /** CUDA when available, else CPU (the fallback is logged once). */
    AUTO;

    /**
     * Parses a provider name case-insensitively.
     *
     * @throws DecoderException for an unknown name, listing the valid ones
     */
    public static Provider parse(String s) {
        if (s == null || s.isBlank()) {
            throw new DecoderException("No execution provider given; expected one of cpu, cuda, auto");
        }
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DecoderException("Unknown execution provider '" + s + "'; expected one of cpu, cuda, auto");
        }
    }

    /** @return the lower-case name used on the command line */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
