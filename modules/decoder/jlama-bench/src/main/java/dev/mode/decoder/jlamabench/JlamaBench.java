package dev.mode.decoder.jlamabench;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.model.functions.Generator;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs jlama on a Hugging Face checkpoint written by MODE (config.json, tokenizer.json, model.safetensors) and
 * prints one {@code JLAMA ...} line of figures for {@code DecodeBenchmark}. Run it in its own JVM with
 * {@code --add-modules jdk.incubator.vector --enable-preview --enable-native-access=ALL-UNNAMED}.
 *
 * <p>Arguments: model dir, prompt tokens, new tokens, threads, {@code f32} or {@code q4}.
 */
public final class JlamaBench {
    private JlamaBench() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int promptTokens = Integer.parseInt(args[1]);
        int newTokens = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        boolean q4 = args.length > 4 && args[4].equalsIgnoreCase("q4");
        Path work = Files.createTempDirectory("jlama-work");
        AbstractModel model = ModelSupport.loadModel(dir.toFile(), work.toFile(), DType.F32, DType.F32,
                q4 ? Optional.of(DType.Q4) : Optional.empty(), Optional.of(threads));
        // a prompt of exactly promptTokens tokens under the model's own tokenizer
        StringBuilder text = new StringBuilder();
        String[] words = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "model", "expert", "token", "answer"};
        int i = 0;
        while (model.getTokenizer().encode(text.toString()).length < promptTokens - 1) {
            text.append(words[i++ % words.length]).append(' ');
        }
        String prompt = text.toString().trim();
        // warm-up (JIT, buffers)
        model.generate(UUID.randomUUID(), PromptContext.of("the quick brown fox"), 0.0f, 32, (s, f) -> { });
        double bestPrefill = 0;
        double bestDecode = 0;
        double bestTtft = Double.MAX_VALUE;
        int generated = 0;
        for (int r = 0; r < 2; r++) {
            long t0 = System.nanoTime();
            long[] first = {0};
            Generator.Response resp = model.generate(UUID.randomUUID(), PromptContext.of(prompt), 0.0f,
                    promptTokens + newTokens, (s, f) -> {
                        if (first[0] == 0) {
                            first[0] = System.nanoTime();
                        }
                    });
            generated = resp.generatedTokens;
            bestPrefill = Math.max(bestPrefill, resp.promptTokens * 1000.0 / Math.max(1, resp.promptTimeMs));
            bestDecode = Math.max(bestDecode, resp.generatedTokens * 1000.0 / Math.max(1, resp.generateTimeMs));
            if (first[0] != 0) {
                bestTtft = Math.min(bestTtft, (first[0] - t0) / 1e6);
            }
            System.err.printf(Locale.ROOT, "jlama run: prompt %d tokens in %d ms, %d generated in %d ms (%s)%n",
                    resp.promptTokens, resp.promptTimeMs, resp.generatedTokens, resp.generateTimeMs, resp.finishReason);
        }
        System.out.printf(Locale.ROOT, "JLAMA prefill_tok_s=%.1f ttft_ms=%.0f decode_tok_s=%.2f generated=%d peak_rss=%d%n",
                bestPrefill, bestTtft, bestDecode, generated, peakRss());
    }

    private static long peakRss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
