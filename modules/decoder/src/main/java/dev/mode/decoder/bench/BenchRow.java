package dev.mode.decoder.bench;

/**
 * Measured figures of one configuration.
 *
 * @param config             what was measured
 * @param prefillTokensPerS  prompt tokens per second in the prefill pass
 * @param timeToFirstTokenMs start of generate to first sampled token
 * @param decodeTokensPerS   tokens per second after the first
 * @param peakRssBytes       peak resident set size of the process while the configuration was loaded and run
 * @param addedRssBytes      that peak minus the RSS just before loading: the model's own footprint
 * @param ceilingTokensPerS  bandwidth / active weight bytes
 */
public record BenchRow(BenchConfig config, double prefillTokensPerS, double timeToFirstTokenMs, double decodeTokensPerS,
                       long peakRssBytes, long addedRssBytes, double ceilingTokensPerS) {

    /** @return decode rate as a fraction of the memory-bandwidth ceiling */
    public double ceilingFraction() {
        return decodeTokensPerS / ceilingTokensPerS;
    }
}
