package dev.mode.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.decoder.runtime.TextStreamer;
import dev.mode.decoder.runtime.TextTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextStreamerTest {
    private static TextTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = TextTokenizer.load(TinyModels.fp32());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    /** é, €, 日本 and an emoji are not in the vocabulary: they fall back to UTF-8 byte tokens, one byte per token. */
    @Test
    void neverSplitsAMultiByteCharacter() {
        String text = "caf\u00e9 costs 5\u20ac in \u65e5\u672c \uD83D\uDE00 ok";
        long[] ids = tokenizer.encode(text, false);
        assertThat(ids.length).isGreaterThan(text.length() / 2);
        assertThat(ids).contains(3 + 0xE2L, 3 + 0x82L, 3 + 0xACL); // the three bytes of the euro sign
        List<String> deltas = new ArrayList<>();
        TextStreamer s = new TextStreamer(tokenizer, List.of(), deltas::add);
        for (long id : ids) {
            s.add((int) id);
        }
        s.finish();
        assertThat(deltas).noneMatch(d -> d.contains("\uFFFD"));
        assertThat(deltas).noneMatch(d -> Character.isHighSurrogate(d.charAt(d.length() - 1)));
        assertThat(String.join("", deltas)).isEqualTo(text);
        assertThat(deltas).hasSizeGreaterThan(3).anyMatch(d -> d.contains("\u20ac"));
    }

    @Test
    void holdsBackAPossibleStopStringPrefixAndCutsAtTheMatch() {
        long[] ids = tokenizer.encode("answer: yes END more", false);
        List<String> deltas = new ArrayList<>();
        TextStreamer s = new TextStreamer(tokenizer, List.of("END"), deltas::add);
        boolean stopped = false;
        for (long id : ids) {
            if (s.add((int) id)) {
                stopped = true;
                break;
            }
        }
        assertThat(stopped).isTrue();
        assertThat(s.text()).isEqualTo("answer: yes ");
        assertThat(String.join("", deltas)).isEqualTo("answer: yes ");
    }

    /**
     * A stop string completed by byte-fallback tokens is only final when the run of byte tokens ends (a later byte
     * could still turn the run into U+FFFD); when generation ends right there, it is cut all the same.
     */
    @Test
    void aStopStringCompletedByTheLastByteTokensIsCutAtTheEnd() {
        long[] ids = tokenizer.encode("costs 5\u20ac", false);
        assertThat(tokenizer.isByteToken(ids[ids.length - 1])).isTrue();
        List<String> deltas = new ArrayList<>();
        TextStreamer s = new TextStreamer(tokenizer, List.of("\u20ac"), deltas::add);
        for (long id : ids) {
            s.add((int) id);
        }
        assertThat(s.finish()).isEqualTo("costs 5");
        assertThat(s.stopped()).isTrue();
        assertThat(String.join("", deltas)).isEqualTo("costs 5");
    }
}
