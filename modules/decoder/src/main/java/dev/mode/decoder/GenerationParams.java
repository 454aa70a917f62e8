package dev.mode.decoder;

import java.util.List;

/**
 * How to generate.
 *
 * @param maxNewTokens      upper bound on generated tokens (> 0)
 * @param temperature       0 means greedy; otherwise logits are divided by it before sampling
 * @param topK              keep only the k most likely tokens (0 = off)
 * @param topP              nucleus sampling mass in (0, 1] (1 = off)
 * @param repetitionPenalty CTRL-style penalty on tokens already seen (1 = off)
 * @param seed              random seed for sampling, so runs are reproducible
 * @param stopStrings       generation stops when the text contains one; it is not part of the result
 * @param chat              render the prompt through the model's chat template as a user message
 */
public record GenerationParams(int maxNewTokens, double temperature, int topK, double topP,
                               double repetitionPenalty, long seed, List<String> stopStrings, boolean chat) {

    /** Validates ranges so mistakes surface as a clear message. */
    public GenerationParams {
        if (maxNewTokens <= 0) {
            throw new DecoderException("maxNewTokens must be > 0, got " + maxNewTokens);
        }
        if (temperature < 0 || Double.isNaN(temperature)) {
            throw new DecoderException("temperature must be >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new DecoderException("topK must be >= 0, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new DecoderException("topP must be in (0, 1], got " + topP);
        }
        if (!(repetitionPenalty > 0)) {
            throw new DecoderException("repetitionPenalty must be > 0, got " + repetitionPenalty);
        }
        stopStrings = stopStrings == null ? List.of() : List.copyOf(stopStrings);
    }

    /** @return greedy decoding, no stop strings, plain prompt */
    public static GenerationParams greedy(int maxNewTokens) {
        return new GenerationParams(maxNewTokens, 0, 0, 1, 1, 0, List.of(), false);
    }

    /** @return true when sampling is off */
    public boolean isGreedy() {
        return temperature == 0;
    }
}
