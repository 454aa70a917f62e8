package dev.mode.decoder.writer;

import dev.mode.decoder.DecoderException;

/**
 * Shape of a Mixtral-architecture decoder (the config.json fields of Hugging Face's {@code MixtralConfig}).
 *
 * @param vocabSize          vocabulary size (the tokenizer is padded or learned to exactly this)
 * @param hiddenSize         model width
 * @param intermediateSize   width of one SwiGLU expert
 * @param numLayers          decoder layers
 * @param numHeads           attention (query) heads
 * @param numKvHeads         key/value heads (grouped-query attention when fewer than numHeads)
 * @param numExperts         experts per layer
 * @param expertsPerToken    experts chosen per token (top-k)
 * @param maxPositions       context window
 * @param ropeTheta          rotary base
 * @param rmsNormEps         RMSNorm epsilon
 */
public record MixtralSpec(int vocabSize, int hiddenSize, int intermediateSize, int numLayers, int numHeads,
                          int numKvHeads, int numExperts, int expertsPerToken, int maxPositions, double ropeTheta,
                          double rmsNormEps) {

    /** Token ids shared by the writer, its tokenizer and its config. */
    public static final int UNK_ID = 0;
    /** Beginning of sequence. */
    public static final int BOS_ID = 1;
    /** End of sequence. */
    public static final int EOS_ID = 2;

    /** Rejects shapes the graph cannot express. */
    public MixtralSpec {
        if (hiddenSize % numHeads != 0) {
            throw new DecoderException("hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numHeads);
        }
        if (numHeads % numKvHeads != 0) {
            throw new DecoderException("num_attention_heads " + numHeads + " is not a multiple of num_key_value_heads " + numKvHeads);
        }
        if (expertsPerToken < 1 || expertsPerToken > numExperts) {
            throw new DecoderException("num_experts_per_tok must be in 1.." + numExperts + ", got " + expertsPerToken);
        }
        if (vocabSize < 300) {
            throw new DecoderException("vocab_size must be >= 300 (3 specials + 256 byte tokens + merges), got " + vocabSize);
        }
    }

    /** @return a model small enough for unit tests: hidden 64, 2 layers, 4 experts top-2, vocab 320 */
    public static MixtralSpec tiny() {
        return new MixtralSpec(320, 64, 96, 2, 4, 2, 4, 2, 256, 10000.0, 1e-5);
    }

    /**
     * @return the benchmark size of /work/shared/benchmarks/README.md (644 M parameters, ~196 M active), so
     * figures compare with the jlama peer measured there
     */
    public static MixtralSpec bench() {
        return new MixtralSpec(32000, 1024, 2816, 8, 16, 8, 8, 2, 2048, 1e6, 1e-5);
    }

    /** @return a small model to try the CLI on in seconds: hidden 256, 2 layers, 8 experts top-2, vocab 2000 (8 M parameters) */
    public static MixtralSpec small() {
        return new MixtralSpec(2000, 256, 512, 2, 4, 2, 8, 2, 2048, 1e6, 1e-5);
    }

    /**
     * @param name {@code tiny}, {@code small} or {@code bench}
     * @throws DecoderException for another name
     */
    public static MixtralSpec named(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "tiny" -> tiny();
            case "small" -> small();
            case "bench" -> bench();
            default -> throw new DecoderException("Unknown model size '" + name + "'; expected tiny, small or bench");
        };
    }

    /** @return a dense model with the same active parameters: one expert whose width is top-k experts' width */
    public MixtralSpec denseEquivalent() {
        return new MixtralSpec(vocabSize, hiddenSize, intermediateSize * expertsPerToken, numLayers, numHeads,
                numKvHeads, 1, 1, maxPositions, ropeTheta, rmsNormEps);
    }

    /**
     * @return the int4 block of every linear layer: the widest of {@link Int4#blockFor} that divides both the
     * hidden and the expert width, so that one block size serves every matrix (QMoE takes only one), and leaves
     * at least two blocks per hidden row (ONNX Runtime's QMoE takes a single block per row for per-row scales)
     */
    public int int4Block() {
        int b = Math.min(Int4.blockFor(hiddenSize), Int4.blockFor(intermediateSize));
        while (b > Int4.MIN_BLOCK && hiddenSize / b < 2) {
            b /= 2;
        }
        return b;
    }

    /** @return per-head width */
    public int headDim() {
        return hiddenSize / numHeads;
    }

    /** @return parameters of one expert (gate, up and down projections) */
    public long expertParams() {
        return 3L * hiddenSize * intermediateSize;
    }

    /** @return attention parameters of one layer */
    public long attentionParams() {
        long kv = (long) numKvHeads * headDim();
        return (long) hiddenSize * hiddenSize * 2 + 2L * hiddenSize * kv;
    }

    /** @return all parameters */
    public long totalParams() {
        long perLayer = attentionParams() + numExperts * expertParams() + (long) numExperts * hiddenSize + 2L * hiddenSize;
        return numLayers * perLayer + 2L * vocabSize * hiddenSize + hiddenSize;
    }

    /** @return parameters read per decoded token (embedding row excluded: one row is read, not the table) */
    public long activeParams() {
        long perLayer = attentionParams() + expertsPerToken * expertParams() + (long) numExperts * hiddenSize + 2L * hiddenSize;
        return numLayers * perLayer + (long) vocabSize * hiddenSize + hiddenSize;
    }
}
