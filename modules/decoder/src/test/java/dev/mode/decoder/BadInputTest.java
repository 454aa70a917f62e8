package dev.mode.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.decoder.onnx.OnnxGraphBuilder;
import dev.mode.decoder.onnx.OnnxType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
    @TempDir Path tmp;

    private Path copyOfTinyModel(String name) throws Exception {
        Path copy = Files.createDirectories(tmp.resolve(name));
        try (var files = Files.list(TinyModels.fp32())) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    @Test
    void missingDirectory() {
        assertThatThrownBy(() -> MoeDecoder.open(tmp.resolve("nope"), TinyModels.cpu()))
                .isInstanceOf(DecoderException.class).hasMessageContaining("does not exist");
    }

    @Test
    void missingFilesAreNamed() throws Exception {
        for (String file : new String[] {"model.onnx", "tokenizer.json", "config.json"}) {
            Path dir = copyOfTinyModel("without-" + file);
            Files.delete(dir.resolve(file));
            assertThatThrownBy(() -> MoeDecoder.open(dir, TinyModels.cpu()))
                    .isInstanceOf(DecoderException.class).hasMessageContaining(file);
        }
    }

    @Test
    void findsTheGraphInTheTransformersJsLayout() throws Exception {
        Path dir = copyOfTinyModel("tjs");
        Files.createDirectories(dir.resolve("onnx"));
        Files.move(dir.resolve("model.onnx"), dir.resolve("onnx/model.onnx"));
        Files.move(dir.resolve("model.onnx_data"), dir.resolve("onnx/model.onnx_data"));
        try (MoeDecoder d = MoeDecoder.open(dir, TinyModels.cpu())) {
            assertThat(d.generate("hello", GenerationParams.greedy(2), null, null).generatedTokens()).isPositive();
        }
    }

    @Test
    void corruptOnnx() throws Exception {
        Path dir = copyOfTinyModel("corrupt");
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThatThrownBy(() -> MoeDecoder.open(dir, TinyModels.cpu()))
                .isInstanceOf(DecoderException.class).hasMessageContaining("Cannot load").hasMessageContaining("model.onnx");
    }

    @Test
    void wrongIoNames() throws Exception {
        Path dir = copyOfTinyModel("wrong-io");
        try (OnnxGraphBuilder g = new OnnxGraphBuilder(dir, "model.onnx_data")) {
            g.input("ids", OnnxType.INT64, "b", "s");
            g.output("logits", OnnxType.INT64, "b", "s");
            g.node("", "Identity", List.of("ids"), List.of("logits"));
            g.write("wrong", "model.onnx");
        }
        assertThatThrownBy(() -> MoeDecoder.open(dir, TinyModels.cpu()))
                .isInstanceOf(DecoderException.class).hasMessageContaining("'input_ids'").hasMessageContaining("ids");
    }

    @Test
    void inconsistentConfig() throws Exception {
        Path dir = copyOfTinyModel("bad-config");
        String config = Files.readString(dir.resolve("config.json")).replace("\"num_hidden_layers\" : 2", "\"num_hidden_layers\" : 3");
        Files.writeString(dir.resolve("config.json"), config);
        assertThatThrownBy(() -> MoeDecoder.open(dir, TinyModels.cpu()))
                .isInstanceOf(DecoderException.class).hasMessageContaining("num_hidden_layers=3");
    }

    /** Some exported configs (phi-2's) write "num_key_value_heads": null for plain multi-head attention. */
    @Test
    void aNullKvHeadCountMeansOneKvHeadPerAttentionHead() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("null-kv-heads"));
        Files.writeString(dir.resolve("config.json"), """
                {"num_hidden_layers": 32, "num_attention_heads": 32, "hidden_size": 2560, "num_key_value_heads": null,
                 "head_dim": null, "vocab_size": 51200, "max_position_embeddings": 2048, "eos_token_id": 50256}""");
        var config = dev.mode.decoder.runtime.ModelConfig.load(dir);
        assertThat(config.numKvHeads()).isEqualTo(32);
        assertThat(config.headDim()).isEqualTo(80);
    }

    /** With no eos_token_id in generation_config.json or config.json, tokenizer_config.json's eos_token stops generation. */
    @Test
    void endOfSequenceFallsBackToTheTokenizersEosToken() throws Exception {
        Path dir = copyOfTinyModel("eos-from-tokenizer");
        Files.delete(dir.resolve("generation_config.json"));
        Files.writeString(dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json")).replaceAll("\"eos_token_id\"\\s*:\\s*2\\s*,", ""));
        assertThat(dev.mode.decoder.runtime.ModelConfig.load(dir).eosIds()).isEmpty();
        try (var model = dev.mode.decoder.runtime.LoadedModel.open(dir, TinyModels.cpu())) {
            assertThat(model.config().eosIds()).containsExactly(2); // "</s>" in the tiny model's vocabulary
        }
    }

    @Test
    void promptLongerThanTheContextWindow() {
        try (MoeDecoder d = MoeDecoder.open(TinyModels.fp32(), TinyModels.cpu())) {
            String prompt = "zq ".repeat(400);
            assertThatThrownBy(() -> d.generate(prompt, GenerationParams.greedy(4), null, null))
                    .isInstanceOf(DecoderException.class).hasMessageContaining("context window is 256");
        }
    }

    @Test
    void generationNeverRunsPastTheContextWindow() {
        try (MoeDecoder d = MoeDecoder.open(TinyModels.fp32(), TinyModels.cpu())) {
            String prompt = "ab ".repeat(80);
            int promptTokens = d.countTokens(prompt) + 1;
            assertThat(promptTokens).isLessThan(250);
            GenerationResult r = d.generate(prompt, GenerationParams.greedy(1000), null, null);
            assertThat(r.promptTokens() + r.generatedTokens()).isLessThanOrEqualTo(256);
        }
    }

    @Test
    void unknownProviderAndOptions() {
        assertThatThrownBy(() -> Provider.parse("tpu")).isInstanceOf(DecoderException.class)
                .hasMessageContaining("tpu").hasMessageContaining("cpu, cuda, auto");
        assertThat(Provider.parse(" CUDA ")).isEqualTo(Provider.CUDA);
        assertThatThrownBy(() -> new DecoderOptions(Provider.CPU, 1, "fast")).isInstanceOf(DecoderException.class);
        assertThatThrownBy(() -> GenerationParams.greedy(0)).isInstanceOf(DecoderException.class);
    }

    /** Holds for both builds: CPU-only (profile default) and onnxruntime_gpu (profile cuda), with or without a device. */
    @Test
    void cudaIsEitherUsedOrAClearErrorAndAutoAlwaysOpens() throws Exception {
        try (MoeDecoder d = MoeDecoder.open(copyOfTinyModel("cuda"), new DecoderOptions(Provider.CUDA, 1, "all"))) {
            assertThat(d.providerInUse()).isEqualTo("cuda");
        } catch (DecoderException e) {
            assertThat(e.getMessage()).containsIgnoringCase("cuda");
        }
        try (MoeDecoder d = MoeDecoder.open(copyOfTinyModel("auto"), new DecoderOptions(Provider.AUTO, 1, "all"))) {
            assertThat(d.providerInUse()).isIn("cpu", "cuda");
            assertThat(d.generate("hello", GenerationParams.greedy(2), null, null).generatedTokens()).isPositive();
        }
    }

    @Test
    void closedDecoderRefusesWork() {
        MoeDecoder d = MoeDecoder.open(TinyModels.fp32(), TinyModels.cpu());
        d.close();
        d.close();
        assertThatThrownBy(() -> d.generate("x", GenerationParams.greedy(1), null, null))
                .isInstanceOf(DecoderException.class).hasMessageContaining("closed");
    }
}
