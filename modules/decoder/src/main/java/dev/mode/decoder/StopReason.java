package dev.mode.decoder;

/** Why a generation ended. */
public enum StopReason {
    /** The model emitted an end-of-sequence token. */
    EOS,
    /** The text reached one of the stop strings. */
    STOP_STRING,
    /** maxNewTokens were generated (or the context window is full). */
    MAX_TOKENS,
    /** The caller cancelled. */
    CANCELLED
}
