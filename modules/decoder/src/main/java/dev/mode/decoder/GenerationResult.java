package dev.mode.decoder;

/**
 * Outcome of one generation.
 *
 * @param text             generated text (special tokens and the matched stop string removed)
 * @param promptTokens     tokens in the (templated) prompt
 * @param generatedTokens  tokens produced
 * @param stopReason       why it ended
 * @param prefillNanos     time of the prompt's forward pass
 * @param firstTokenNanos  time from start to the first generated token
 * @param totalNanos       time from start to end
 */
public record GenerationResult(String text, int promptTokens, int generatedTokens, StopReason stopReason,
                               long prefillNanos, long firstTokenNanos, long totalNanos) {

    /** @return decode throughput after the first token, tokens per second (0 when fewer than 2 tokens) */
    public double decodeTokensPerSecond() {
        long decodeNanos = totalNanos - firstTokenNanos;
        return generatedTokens > 1 && decodeNanos > 0 ? (generatedTokens - 1) * 1e9 / decodeNanos : 0;
    }
}
