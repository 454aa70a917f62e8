package dev.mode.decoder;

/** A decoder failure with a message meant for a human: what was wrong and, where known, which file or name. */
public class DecoderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the file, input or option involved */
    public DecoderException(String message) {
        super(message);
    }

    /** @param message what went wrong; @param cause the underlying failure */
    public DecoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
