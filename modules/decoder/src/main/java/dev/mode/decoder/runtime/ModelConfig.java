package dev.mode.decoder.runtime;

import dev.mode.decoder.DecoderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the runtime needs from config.json, generation_config.json and tokenizer_config.json.
 *
 * @param numLayers     num_hidden_layers
 * @param numKvHeads    num_key_value_heads (num_attention_heads when absent)
 * @param headDim       head_dim (hidden_size / num_attention_heads when absent)
 * @param vocabSize     vocab_size
 * @param contextWindow max_position_embeddings (or tokenizer model_max_length)
 * @param eosIds        end-of-sequence ids (generation_config first, then config)
 * @param chatTemplate  Jinja chat template, or null
 * @param bosToken      bos token text for the template ("" when unknown)
 * @param eosToken      eos token text for the template ("" when unknown)
 * @param sharedKvBuffer the graph updates its KV cache in place: {@code genai_config.json} (ONNX Runtime GenAI's
 *                      layout) says {@code search.past_present_share_buffer: true}, so past and present are one
 *                      preallocated buffer per layer of the full sequence length (see {@link Generator})
 */
public record ModelConfig(int numLayers, int numKvHeads, int headDim, int vocabSize, int contextWindow,
                          Set<Integer> eosIds, String chatTemplate, String bosToken, String eosToken,
                          boolean sharedKvBuffer) {
    /** The file that can declare a shared (in-place) KV buffer. */
    public static final String GENAI_CONFIG = "genai_config.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Reads the JSON files of a model directory; config.json is required. */
    public static ModelConfig load(Path dir) {
        JsonNode config = read(dir.resolve("config.json"), true);
        JsonNode gen = read(dir.resolve("generation_config.json"), false);
        JsonNode tok = read(dir.resolve("tokenizer_config.json"), false);
        int layers = requiredInt(config, "num_hidden_layers", dir);
        int heads = requiredInt(config, "num_attention_heads", dir);
        int hidden = requiredInt(config, "hidden_size", dir);
        int kvHeads = config.hasNonNull("num_key_value_heads") ? config.get("num_key_value_heads").asInt() : heads;
        int headDim = config.hasNonNull("head_dim") ? config.get("head_dim").asInt() : hidden / heads;
        int vocab = requiredInt(config, "vocab_size", dir);
        int ctx;
        if (config.hasNonNull("max_position_embeddings")) {
            ctx = config.get("max_position_embeddings").asInt();
        } else if (tok != null && tok.has("model_max_length") && tok.get("model_max_length").asLong() < Integer.MAX_VALUE) {
            ctx = tok.get("model_max_length").asInt();
        } else {
            throw new DecoderException(dir.resolve("config.json") + " has no max_position_embeddings (the context window)");
        }
        Set<Integer> eos = new LinkedHashSet<>();
        addIds(gen == null ? null : gen.get("eos_token_id"), eos);
        if (eos.isEmpty()) {
            addIds(config.get("eos_token_id"), eos);
        }
        String template = null;
        String bos = "";
        String eosText = "";
        if (tok != null) {
            JsonNode t = tok.get("chat_template");
            if (t != null && t.isString()) {
                template = t.asString();
            } else if (t != null && t.isArray()) {
                // the list form names several templates; "default" is the one for plain chat
                for (JsonNode n : t) {
                    if ("default".equals(n.path("name").asString()) || template == null) {
                        template = n.path("template").asString();
                    }
                }
            }
            bos = tokenText(tok.get("bos_token"));
            eosText = tokenText(tok.get("eos_token"));
        }
        if (template == null && Files.isRegularFile(dir.resolve("chat_template.jinja"))) {
            try {
                template = Files.readString(dir.resolve("chat_template.jinja"));
            } catch (IOException e) {
                throw new DecoderException("Cannot read " + dir.resolve("chat_template.jinja") + ": " + e.getMessage(), e);
            }
        }
        JsonNode genai = read(dir.resolve(GENAI_CONFIG), false);
        boolean shared = genai != null && genai.path("search").path("past_present_share_buffer").asBoolean(false);
        return new ModelConfig(layers, kvHeads, headDim, vocab, ctx, Set.copyOf(eos), template, bos, eosText, shared);
    }

    private static String tokenText(JsonNode n) {
        if (n == null || n.isNull()) {
            return "";
        }
        return n.isString() ? n.asString() : n.path("content").asString("");
    }

    private static void addIds(JsonNode n, Set<Integer> out) {
        if (n == null || n.isNull()) {
            return;
        }
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asInt()));
        } else {
            out.add(n.asInt());
        }
    }

    private static int requiredInt(JsonNode config, String field, Path dir) {
        JsonNode n = config.get(field);
        if (n == null || !n.isNumber()) {
            throw new DecoderException(dir.resolve("config.json") + " has no numeric '" + field + "'");
        }
        return n.asInt();
    }

    private static JsonNode read(Path file, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new DecoderException("Model directory " + file.getParent() + " has no " + file.getFileName());
            }
            return null;
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.isObject()) {
                throw new DecoderException(file + " is not a JSON object");
            }
            return n;
        } catch (JacksonException e) {
            throw new DecoderException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
