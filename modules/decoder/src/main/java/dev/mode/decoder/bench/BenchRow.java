package dev.mode.decoder.bench;

/**
 * Measured figures of one configuration.
 *
 * @param config             what was measured
 * @param prefillTokensPerS  prompt tokens per second in the prefill pass
 * @param timeToFirstTokenMs start of generate to first sampled token
 * @param decodeTokensPerS   tokens per second after the first
 * @param peakRssBytes       peak resident set size of a process running only this model: the benchmark JVM's RSS
 *                           before any model was loaded plus the model's share
 * @param addedRssBytes      the model's share: peak RSS while it was loaded and ran its first generation, minus the
 *                           RSS just before loading it
 * @param ceilingTokensPerS  bandwidth / active weight bytes
 */
public record BenchRow(BenchConfig config, double prefillTokensPerS, double timeToFirstTokenMs, double decodeTokensPerS,
                       long peakRssBytes, long addedRssBytes, double ceilingTokensPerS) {

    /** @return decode rate as a fraction of the memory-bandwidth ceiling */
    public double ceilingFraction() {
        return decodeTokensPerS / ceilingTokensPerS;
    }
}
