package dev.mode.decoder.writer;

import dev.mode.decoder.runtime.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Writes the Hugging Face side files of a model directory: config, generation config, tokenizer, README. */
final class HfFiles {
    /** Mistral-style template: [INST] user [/INST] answer</s>; system text is prefixed to the first turn. */
    static final String CHAT_TEMPLATE = "{{ bos_token }}{% for message in messages %}"
            + "{% if message['role'] == 'system' %}{{ message['content'] }}{{ '\n\n' }}"
            + "{% elif message['role'] == 'user' %}{{ '[INST] ' }}{{ message['content'] }}{{ ' [/INST]' }}"
            + "{% else %}{{ ' ' }}{{ message['content'] }}{{ eos_token }}{% endif %}{% endfor %}";

    private HfFiles() {
    }

    static void write(MixtralSpec s, Path dir, WeightFormat format, FfnKernel kernel) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode c = json.createObjectNode();
        c.putArray("architectures").add("MixtralForCausalLM");
        c.put("model_type", "mixtral");
        c.put("hidden_size", s.hiddenSize());
        c.put("intermediate_size", s.intermediateSize());
        c.put("num_hidden_layers", s.numLayers());
        c.put("num_attention_heads", s.numHeads());
        c.put("num_key_value_heads", s.numKvHeads());
        c.put("head_dim", s.headDim());
        c.put("num_local_experts", s.numExperts());
        c.put("num_experts_per_tok", s.expertsPerToken());
        c.put("vocab_size", s.vocabSize());
        c.put("max_position_embeddings", s.maxPositions());
        c.put("rope_theta", s.ropeTheta());
        c.put("rms_norm_eps", s.rmsNormEps());
        c.put("hidden_act", "silu");
        c.put("tie_word_embeddings", false);
        c.put("bos_token_id", MixtralSpec.BOS_ID);
        c.put("eos_token_id", MixtralSpec.EOS_ID);
        c.put("torch_dtype", "float32");
        c.put("mode_weight_format", format.name().toLowerCase());
        c.put("mode_ffn_kernel", kernel.name().toLowerCase());
        Files.writeString(dir.resolve("config.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(c));

        ObjectNode gen = json.createObjectNode();
        gen.put("bos_token_id", MixtralSpec.BOS_ID);
        gen.put("eos_token_id", MixtralSpec.EOS_ID);
        gen.put("do_sample", false);
        gen.put("max_new_tokens", 64);
        Files.writeString(dir.resolve("generation_config.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(gen));

        // GroupQueryAttention updates the cache in place when past and present are one buffer; ONNX Runtime
        // GenAI's config names that contract, and the runtime's Generator honours it
        ObjectNode genai = json.createObjectNode();
        ObjectNode search = genai.putObject("search");
        search.put("past_present_share_buffer", true);
        search.put("max_length", s.maxPositions());
        Files.writeString(dir.resolve(ModelConfig.GENAI_CONFIG), json.writerWithDefaultPrettyPrinter().writeValueAsString(genai));

        ObjectNode tc = json.createObjectNode();
        tc.put("tokenizer_class", "LlamaTokenizer");
        tc.put("bos_token", "<s>");
        tc.put("eos_token", "</s>");
        tc.put("unk_token", "<unk>");
        tc.put("add_bos_token", true);
        tc.put("add_eos_token", false);
        tc.put("model_max_length", s.maxPositions());
        tc.put("chat_template", CHAT_TEMPLATE);
        Files.writeString(dir.resolve("tokenizer_config.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(tc));

        Files.writeString(dir.resolve("tokenizer.json"), BpeTokenizerBuilder.build(s.vocabSize()));
        Files.writeString(dir.resolve("README.md"), """
                # Random-weight Mixtral-style test model

                Written by MODE's `MixtralWriter` (module mode-decoder). Weights are seeded random numbers: the model
                is for tests and benchmarks and generates gibberish. Format: %s, expert kernel: %s.
                %d parameters, %d active per token.
                """.formatted(format, kernel, s.totalParams(), s.activeParams()));
    }
}
