package dev.mode.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.decoder.reference.MixtralReference;
import dev.mode.decoder.runtime.Generator;
import dev.mode.decoder.runtime.LoadedModel;
import dev.mode.decoder.runtime.ModelConfig;
import dev.mode.decoder.writer.FfnKernel;
import dev.mode.decoder.writer.MixtralSpec;
import dev.mode.decoder.writer.MixtralWeights;
import dev.mode.decoder.writer.MixtralWriter;
import dev.mode.decoder.writer.WeightFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompts whose logits ([positions, vocab]) would not fit one buffer are prefilled in chunks. */
class LongPromptTest {
    private static final int VOCAB = 151_936; // Qwen2's
    private static final MixtralWeights WEIGHTS = new MixtralWeights(
            new MixtralSpec(VOCAB, 32, 48, 1, 2, 1, 2, 1, 4096, 10000.0, 1e-5), TinyModels.SEED, WeightFormat.FP32);
    @TempDir
    static Path tmp;
    private static Path dir;

    @BeforeAll
    static void write() {
        dir = tmp.resolve("qwen-vocab");
        MixtralWriter.write(WEIGHTS, dir, FfnKernel.ROUTED, 0, false);
    }

    /**
     * A 3,600-token prompt over a 151,936-token vocabulary has 2.2 GB of float32 logits: more than one Java buffer
     * can address (and more than a default direct-memory limit allows). It still generates.
     */
    @Test
    void aPromptWithMoreLogitsThanOneBufferHoldsGenerates() {
        long[] prompt = new Random(5).longs(3_600, 3, VOCAB).toArray();
        try (LoadedModel model = LoadedModel.open(dir, TinyModels.cpu())) {
            var run = new Generator(model).run(prompt, GenerationParams.greedy(2), null, null, true);
            assertThat(run.ids()).hasSize(2);
            assertThat(run.result().promptTokens()).isEqualTo(3_600);
        }
    }

    /** A prompt that runs in two chunks gives the reference's greedy tokens, with a shared and with a growing cache. */
    @Test
    void aChunkedPromptGeneratesWhatTheReferenceDoes(@TempDir Path own) throws Exception {
        int chunk = (int) (Generator.PREFILL_LOGITS_BYTES / (VOCAB * 4L));
        int[] prompt = new Random(6).ints(chunk + 20, 3, VOCAB).toArray();
        int[] expected = new MixtralReference(WEIGHTS).greedy(prompt, 2);
        Path growing = own.resolve("growing");
        MixtralWriter.write(WEIGHTS, growing, FfnKernel.ROUTED, 0, false);
        Files.delete(growing.resolve(ModelConfig.GENAI_CONFIG));
        for (Path model : new Path[] {dir, growing}) {
            try (LoadedModel m = LoadedModel.open(model, TinyModels.cpu())) {
                assertThat(m.config().sharedKvBuffer()).isEqualTo(model == dir);
                long[] ids = new Generator(m).run(Arrays.stream(prompt).asLongStream().toArray(),
                        GenerationParams.greedy(2), null, null, true).ids();
                assertThat(ids).as(model.toString()).containsExactly(expected[0], expected[1]);
            }
        }
    }
}
