package dev.mode.decoder.runtime;

import dev.mode.decoder.TokenListener;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a growing list of generated ids into text deltas that are final: it re-decodes the generated ids each
 * step (token boundaries do not align with characters under byte fallback) but only emits text that later tokens
 * cannot change: not a trailing run of byte-fallback tokens (the run decodes as a whole), not a trailing U+FFFD
 * (an incomplete UTF-8 sequence in byte-level tokenizers), not a tail that could still grow into a stop string.
 */
public final class TextStreamer {
    private static final char REPLACEMENT = '\uFFFD';
    private final TextTokenizer tokenizer;
    private final List<String> stopStrings;
    private final TokenListener listener;
    private long[] ids = new long[16];
    private int count;
    private String text = "";
    private String emitted = "";
    private boolean stopped;

    /** @param tokenizer decoder of ids; @param stopStrings strings that end generation; @param listener receiver */
    public TextStreamer(TextTokenizer tokenizer, List<String> stopStrings, TokenListener listener) {
        this.tokenizer = tokenizer;
        this.stopStrings = stopStrings;
        this.listener = listener;
    }

    /**
     * Adds a token and emits what became final.
     *
     * @return true when the text now contains a stop string (the text is cut before it)
     */
    public boolean add(int id) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = id;
        text = tokenizer.decode(Arrays.copyOf(ids, count));
        int settled = count;
        while (settled > 0 && tokenizer.isByteToken(ids[settled - 1])) {
            settled--;
        }
        String stable = settled == count ? text : tokenizer.decode(Arrays.copyOf(ids, settled));
        int end = stable.length();
        while (end > 0 && stable.charAt(end - 1) == REPLACEMENT) {
            end--;
        }
        stable = stable.substring(0, end);
        if (!stopStrings.isEmpty()) {
            int at = stopAt(stable);
            if (at >= 0) {
                text = stable.substring(0, at);
                stopped = true;
                emit(text);
                return true;
            }
            stable = stable.substring(0, stable.length() - pendingStopPrefix(stable));
        }
        emit(stable);
        return false;
    }

    /**
     * Emits everything not yet emitted (end of generation); returns the full text. A stop string in the tail that
     * was held back (completed by a run of byte tokens, which later bytes could still have changed) is cut here.
     */
    public String finish() {
        int at = stopped ? -1 : stopAt(text);
        if (at >= 0) {
            text = text.substring(0, at);
            stopped = true;
        }
        emit(text);
        return text;
    }

    /** @return where the first stop string in {@code s} begins (searching only text not yet emitted), or -1 */
    private int stopAt(String s) {
        int from = Math.max(0, emitted.length() - maxStopLength());
        int first = -1;
        for (String stop : stopStrings) {
            int at = stop.isEmpty() ? -1 : s.indexOf(stop, from);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    /** @return the text given to the listener so far */
    public String emitted() {
        return emitted;
    }

    /** @return the full text so far (cut before a stop string once one matched) */
    public String text() {
        return text;
    }

    /** @return whether a stop string matched */
    public boolean stopped() {
        return stopped;
    }

    private void emit(String upTo) {
        int end = upTo.length();
        // a surrogate pair must not be split between two deltas
        if (end > 0 && upTo != text && Character.isHighSurrogate(upTo.charAt(end - 1))) {
            end--;
        }
        if (end > emitted.length() && upTo.startsWith(emitted)) {
            listener.onText(upTo.substring(emitted.length(), end));
            emitted = upTo.substring(0, end);
        }
    }

    private int maxStopLength() {
        int m = 0;
        for (String s : stopStrings) {
            m = Math.max(m, s.length());
        }
        return m;
    }

    /** Length of the longest tail of {@code s} that is a proper prefix of a stop string. */
    private int pendingStopPrefix(String s) {
        int best = 0;
        for (String stop : stopStrings) {
            for (int len = Math.min(stop.length() - 1, s.length()); len > best; len--) {
                if (s.regionMatches(s.length() - len, stop, 0, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }
}
