package dev.mode.decoder.writer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a Llama-style tokenizer.json: BPE over "▁"-marked words with byte fallback (ids 3..258 are
 * {@code <0x00>}..{@code <0xFF>}), specials {@code <unk>}, {@code <s>}, {@code </s>}. Merges are learned from a
 * small built-in English text; the vocabulary is padded with {@code <unused_N>} entries up to the requested
 * size. Any character not covered falls back to its UTF-8 bytes, which is what exercises streaming across
 * split multi-byte characters.
 */
public final class BpeTokenizerBuilder {
    private static final String SPACE = "\u2581";
    private static final String CORPUS = """
            The quick brown fox jumps over the lazy dog. A mixture of experts routes every token to a few of many \
            feed forward networks, so the model is large but each step reads only part of it. Retrieval augmented \
            generation finds documents that answer the question and gives them to the decoder as context. The \
            decoder reads the prompt once, keeps the keys and values of every layer in a cache, and then produces \
            one token at a time until it reaches the end of the sequence or the maximum number of new tokens. \
            Hello world, this is a test of the tokenizer and the model. What is the answer? The answer is in the \
            document. Please summarise the text in one sentence and cite the source. Thank you for reading.""";

    private BpeTokenizerBuilder() {
    }

    /** @return tokenizer.json content with exactly {@code vocabSize} entries */
    public static String build(int vocabSize) {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        vocab.put("<unk>", 0);
        vocab.put("<s>", 1);
        vocab.put("</s>", 2);
        for (int b = 0; b < 256; b++) {
            vocab.put(String.format("<0x%02X>", b), vocab.size());
        }
        List<List<String>> words = new ArrayList<>();
        for (String w : CORPUS.split(" ")) {
            List<String> symbols = new ArrayList<>();
            symbols.add(SPACE);
            w.codePoints().forEach(cp -> symbols.add(new String(Character.toChars(cp))));
            words.add(symbols);
        }
        for (List<String> w : words) {
            for (String s : w) {
                if (vocab.size() < vocabSize) {
                    vocab.putIfAbsent(s, vocab.size());
                }
            }
        }
        List<String> merges = new ArrayList<>();
        while (vocab.size() < vocabSize) {
            Map<String, Integer> counts = new HashMap<>();
            String best = null;
            int bestCount = 1;
            for (List<String> w : words) {
                for (int i = 0; i + 1 < w.size(); i++) {
                    String pair = w.get(i) + " " + w.get(i + 1);
                    int c = counts.merge(pair, 1, Integer::sum);
                    if (c > bestCount || (c == bestCount && best != null && pair.compareTo(best) < 0)) {
                        best = pair;
                        bestCount = c;
                    }
                }
            }
            if (best == null) {
                break;
            }
            String[] ab = best.split(" ");
            String merged = ab[0] + ab[1];
            if (vocab.containsKey(merged)) {
                break;
            }
            merges.add(best);
            vocab.put(merged, vocab.size());
            for (List<String> w : words) {
                for (int i = 0; i + 1 < w.size(); i++) {
                    if (w.get(i).equals(ab[0]) && w.get(i + 1).equals(ab[1])) {
                        w.set(i, merged);
                        w.remove(i + 1);
                    }
                }
            }
        }
        for (int i = 0; vocab.size() < vocabSize; i++) {
            vocab.put("<unused_" + i + ">", vocab.size());
        }

        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String special : List.of("<unk>", "<s>", "</s>")) {
            ObjectNode t = added.addObject();
            t.put("id", vocab.get(special));
            t.put("content", special);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "Sequence");
        ArrayNode norms = norm.putArray("normalizers");
        norms.addObject().put("type", "Prepend").put("prepend", SPACE);
        ObjectNode replace = norms.addObject().put("type", "Replace");
        replace.putObject("pattern").put("String", " ");
        replace.put("content", SPACE);
        root.putNull("pre_tokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode bos = post.putObject("special_tokens").putObject("<s>");
        bos.put("id", "<s>");
        bos.putArray("ids").add(1);
        bos.putArray("tokens").add("<s>");
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "Sequence");
        ArrayNode decs = dec.putArray("decoders");
        ObjectNode rep = decs.addObject().put("type", "Replace");
        rep.putObject("pattern").put("String", SPACE);
        rep.put("content", " ");
        decs.addObject().put("type", "ByteFallback");
        decs.addObject().put("type", "Fuse");
        decs.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", "<unk>");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", true);
        model.put("byte_fallback", true);
        model.put("ignore_merges", false);
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        ArrayNode m = model.putArray("merges");
        merges.forEach(m::add);
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
