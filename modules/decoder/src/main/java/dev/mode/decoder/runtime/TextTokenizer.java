package dev.mode.decoder.runtime;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.mode.decoder.DecoderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The model's tokenizer.json through DJL's binding of Hugging Face tokenizers, loaded offline. */
public final class TextTokenizer implements AutoCloseable {
    private static final java.util.regex.Pattern BYTE_TOKEN = java.util.regex.Pattern.compile("<0x[0-9A-Fa-f]{2}>");
    private final HuggingFaceTokenizer tokenizer;
    private final java.util.BitSet byteTokens;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, java.util.BitSet byteTokens) {
        this.tokenizer = tokenizer;
        this.byteTokens = byteTokens;
    }

    /**
     * Ids of byte-fallback tokens ({@code <0xNN>} in a BPE with byte_fallback): their text is only final once the
     * run of byte tokens ends, because an invalid run decodes to one U+FFFD per token, even its valid bytes.
     */
    private static java.util.BitSet byteTokens(Path file) {
        java.util.BitSet bits = new java.util.BitSet();
        try {
            tools.jackson.databind.JsonNode model = tools.jackson.databind.json.JsonMapper.builder().build()
                    .readTree(file.toFile()).path("model");
            if (model.path("byte_fallback").asBoolean(false)) {
                model.path("vocab").properties().forEach(e -> {
                    if (BYTE_TOKEN.matcher(e.getKey()).matches()) {
                        bits.set(e.getValue().asInt());
                    }
                });
            }
        } catch (RuntimeException e) {
            throw new DecoderException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        return bits;
    }

    /** @return whether the id is a byte-fallback token */
    public boolean isByteToken(long id) {
        return id >= 0 && id < Integer.MAX_VALUE && byteTokens.get((int) id);
    }

    /** Loads {@code dir/tokenizer.json}. */
    public static TextTokenizer load(Path dir) {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new DecoderException("Model directory " + dir + " has no tokenizer.json");
        }
        DjlTelemetry.optOut();
        try {
            // no truncation or padding: the decoder checks the context window itself and says so
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(file,
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true")), byteTokens(file));
        } catch (DecoderException e) {
            throw e;
        } catch (Exception e) {
            throw new DecoderException("Cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return token ids; with {@code addSpecialTokens} the tokenizer's own template (e.g. BOS) is applied */
    public long[] encode(String text, boolean addSpecialTokens) {
        Encoding e = tokenizer.encode(text, addSpecialTokens, false);
        return e.getIds();
    }

    /** @return text of the ids, special tokens skipped */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
