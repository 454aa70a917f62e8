package dev.mode.decoder;

/** Receives generated text as it is produced; deltas never split a UTF-8 character. */
@FunctionalInterface
public interface TokenListener {
    /** @param delta newly decoded text (non-empty) */
    void onText(String delta);

    /** @return a listener that ignores everything */
    static TokenListener none() {
        return d -> { };
    }
}
