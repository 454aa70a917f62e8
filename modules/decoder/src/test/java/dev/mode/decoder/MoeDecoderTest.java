package dev.mode.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.decoder.reference.MixtralReference;
import dev.mode.decoder.runtime.Generator;
import dev.mode.decoder.runtime.LoadedModel;
import dev.mode.decoder.runtime.ModelRegistry;
import dev.mode.decoder.runtime.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoeDecoderTest {
    private static final String PROMPT = "The quick brown fox";
    private static MoeDecoder decoder;
    private static TextTokenizer tokenizer;

    @BeforeAll
    static void open() {
        decoder = MoeDecoder.open(TinyModels.fp32(), TinyModels.cpu());
        tokenizer = TextTokenizer.load(TinyModels.fp32());
    }

    @AfterAll
    static void close() {
        decoder.close();
        tokenizer.close();
    }

    private static int[] ids(String text) {
        return Arrays.stream(tokenizer.encode(text, true)).mapToInt(l -> (int) l).toArray();
    }

    /** Greedy tokens of the KV-cache loop equal the reference's, which recomputes the whole sequence each step. */
    @Test
    void greedyKvCacheGenerationEqualsFullRecomputationInTheReference() {
        int n = 12;
        GenerationResult r = decoder.generate(PROMPT, GenerationParams.greedy(n), null, null);
        int[] expected = new MixtralReference(TinyModels.weights()).greedy(ids(PROMPT), n);
        assertThat(r.stopReason()).isIn(StopReason.MAX_TOKENS, StopReason.EOS);
        long[] exp = Arrays.stream(expected).mapToLong(i -> i).toArray();
        int until = r.generatedTokens();
        if (r.stopReason() == StopReason.EOS) {
            until--;
        }
        assertThat(r.text()).isEqualTo(tokenizer.decode(Arrays.copyOf(exp, until)));
        assertThat(r.promptTokens()).isEqualTo(ids(PROMPT).length);
    }

    /** Same check on the ONNX side: the cached loop equals re-running the whole sequence for each new token. */
    @Test
    void kvCacheEqualsOnnxRecomputation() {
        LoadedModel model = ModelRegistry.acquire(TinyModels.fp32(), TinyModels.cpu());
        try {
            Generator gen = new Generator(model);
            long[] prompt = tokenizer.encode(PROMPT, true);
            long[] cached = gen.run(prompt, GenerationParams.greedy(8), null, null).ids();
            long[] seq = prompt;
            for (long expected : cached) {
                long[] next = gen.run(seq, GenerationParams.greedy(1), null, null).ids();
                assertThat(next).containsExactly(expected);
                seq = Arrays.copyOf(seq, seq.length + 1);
                seq[seq.length - 1] = expected;
            }
        } finally {
            ModelRegistry.release(model);
        }
    }

    /**
     * The written models declare a shared KV buffer (updated in place); without that declaration the same graph
     * runs with a cache that grows by one token per step. Both give the same tokens, in float32 and float16 KV.
     */
    @Test
    void sharedKvBufferGeneratesWhatAGrowingCacheDoes(@TempDir Path tmp) throws Exception {
        assertThat(dev.mode.decoder.runtime.ModelConfig.load(TinyModels.fp32()).sharedKvBuffer()).isTrue();
        for (boolean halfKv : new boolean[] {false, true}) {
            Path dir = tmp.resolve(halfKv ? "fp16" : "fp32");
            dev.mode.decoder.writer.MixtralWriter.write(TinyModels.weights(), dir,
                    dev.mode.decoder.writer.FfnKernel.ROUTED, 0, false, halfKv);
            String shared;
            try (MoeDecoder d = MoeDecoder.open(dir, TinyModels.cpu())) {
                shared = d.generate(PROMPT, GenerationParams.greedy(16), null, null).text();
            }
            java.nio.file.Files.delete(dir.resolve(dev.mode.decoder.runtime.ModelConfig.GENAI_CONFIG));
            assertThat(dev.mode.decoder.runtime.ModelConfig.load(dir).sharedKvBuffer()).isFalse();
            try (MoeDecoder d = MoeDecoder.open(dir, TinyModels.cpu())) {
                assertThat(d.generate(PROMPT, GenerationParams.greedy(16), null, null).text()).isEqualTo(shared);
            }
        }
    }

    /** A graph with float16 KV cache and logits at its boundary runs through the same loop, greedy tokens intact. */
    @Test
    void runsFloat16KvGraphs(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("fp16");
        dev.mode.decoder.writer.MixtralWriter.write(TinyModels.weights(), dir, dev.mode.decoder.writer.FfnKernel.ROUTED, 0, false, true);
        String expected = decoder.generate(PROMPT, GenerationParams.greedy(6), null, null).text();
        try (MoeDecoder d = MoeDecoder.open(dir, TinyModels.cpu())) {
            assertThat(d.generate(PROMPT, GenerationParams.greedy(6), null, null).text()).isEqualTo(expected);
        }
    }

    @Test
    void streamsTheSameTextItReturns() {
        StringBuilder streamed = new StringBuilder();
        List<String> deltas = new ArrayList<>();
        GenerationResult r = decoder.generate(PROMPT, GenerationParams.greedy(20), d -> {
            streamed.append(d);
            deltas.add(d);
        }, null);
        assertThat(streamed.toString()).isEqualTo(r.text());
        assertThat(deltas).allSatisfy(d -> assertThat(d).isNotEmpty());
        assertThat(r.totalNanos()).isGreaterThanOrEqualTo(r.firstTokenNanos());
        assertThat(r.firstTokenNanos()).isGreaterThanOrEqualTo(r.prefillNanos());
    }

    @Test
    void stopsAtAStopStringAndLeavesItOut() {
        GenerationResult full = decoder.generate(PROMPT, GenerationParams.greedy(40), null, null);
        // random weights emit many byte tokens; pick a stop string of two ordinary characters
        String stop = null;
        for (int i = 2; i + 2 <= full.text().length() && stop == null; i++) {
            String c = full.text().substring(i, i + 2);
            if (c.chars().allMatch(ch -> ch < 128 && ch > 32)) {
                stop = c;
            }
        }
        assertThat(stop).as("stop string candidate in %s", full.text()).isNotNull();
        int at = full.text().indexOf(stop);
        StringBuilder streamed = new StringBuilder();
        GenerationResult r = decoder.generate(PROMPT,
                new GenerationParams(24, 0, 0, 1, 1, 0, List.of(stop), false), streamed::append, null);
        assertThat(r.stopReason()).isEqualTo(StopReason.STOP_STRING);
        assertThat(r.text()).isEqualTo(full.text().substring(0, at));
        assertThat(streamed.toString()).isEqualTo(r.text());
    }

    @Test
    void stopsAtMaxTokens() {
        GenerationResult r = decoder.generate(PROMPT, GenerationParams.greedy(3), null, null);
        assertThat(r.generatedTokens()).isLessThanOrEqualTo(3);
        if (r.stopReason() != StopReason.EOS) {
            assertThat(r.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
            assertThat(r.generatedTokens()).isEqualTo(3);
        }
    }

    @Test
    void stopsAtEosFromGenerationConfig(@TempDir Path tmp) throws Exception {
        int first = new MixtralReference(TinyModels.weights()).greedy(ids(PROMPT), 1)[0];
        Path copy = tmp.resolve("eos-model");
        Files.createDirectories(copy);
        try (var files = Files.list(TinyModels.fp32())) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Files.writeString(copy.resolve("generation_config.json"), "{\"eos_token_id\": [2, " + first + "]}");
        try (MoeDecoder d = MoeDecoder.open(copy, TinyModels.cpu())) {
            GenerationResult r = d.generate(PROMPT, GenerationParams.greedy(10), null, null);
            assertThat(r.stopReason()).isEqualTo(StopReason.EOS);
            assertThat(r.generatedTokens()).isEqualTo(1);
            assertThat(r.text()).isEmpty();
        }
    }

    @Test
    void cancellationStopsBetweenSteps() {
        CancellationToken cancel = new CancellationToken();
        GenerationResult r = decoder.generate(PROMPT, GenerationParams.greedy(50), d -> cancel.cancel(), cancel);
        assertThat(r.stopReason()).isIn(StopReason.CANCELLED, StopReason.EOS);
        assertThat(r.generatedTokens()).isLessThan(50);
        CancellationToken before = new CancellationToken();
        before.cancel();
        GenerationResult none = decoder.generate(PROMPT, GenerationParams.greedy(5), null, before);
        assertThat(none.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(none.generatedTokens()).isZero();
    }

    /** After a cancel the listener hears nothing more, and the result's text is exactly what it was given. */
    @Test
    void nothingIsStreamedAfterCancellation() {
        // stop strings make the streamer hold text back, which must not be flushed to a listener that cancelled
        List<String> stops = new ArrayList<>();
        for (char c = '!'; c <= '~'; c += 2) {
            stops.add(c + "\u0001");
        }
        for (int seed = 0; seed < 20; seed++) {
            CancellationToken cancel = new CancellationToken();
            List<String> heard = new ArrayList<>();
            List<String> afterCancel = new ArrayList<>();
            GenerationResult r = decoder.generate("Hello", new GenerationParams(60, 1.5, 0, 1, 1, seed, stops, false), t -> {
                (cancel.isCancelled() ? afterCancel : heard).add(t);
                cancel.cancel();
            }, cancel);
            assertThat(afterCancel).as("seed %d", seed).isEmpty();
            assertThat(r.text()).isEqualTo(String.join("", heard));
        }
    }

    /** A limit far beyond the context window is the context window, not an overflow. */
    @Test
    void aHugeTokenLimitStopsAtTheContextWindow() {
        GenerationResult r = decoder.generate(PROMPT, GenerationParams.greedy(Integer.MAX_VALUE - 5), null, null);
        assertThat(r.promptTokens() + r.generatedTokens()).isLessThanOrEqualTo(256);
    }

    /**
     * Closing the last handle of a model while another thread generates with it must not free the session under the
     * running step (ONNX Runtime would crash the process): the generation finishes, later calls fail cleanly.
     */
    @Test
    void closingWhileGeneratingLetsTheGenerationFinish(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("own");
        dev.mode.decoder.writer.MixtralWriter.write(TinyModels.weights(), dir,
                dev.mode.decoder.writer.FfnKernel.ROUTED, 0, false, false);
        int before = ModelRegistry.openModels();
        MoeDecoder d = MoeDecoder.open(dir, TinyModels.cpu());
        var started = new java.util.concurrent.CountDownLatch(1);
        var closed = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // the listener holds the generation mid-way until close() has returned, then lets it run on
            Future<GenerationResult> running = pool.submit(() -> d.generate(PROMPT, GenerationParams.greedy(40), t -> {
                started.countDown();
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, null));
            started.await();
            d.close();
            assertThat(ModelRegistry.openModels()).isEqualTo(before + 1);
            closed.countDown();
            GenerationResult r = running.get();
            assertThat(r.generatedTokens()).isPositive();
            assertThat(ModelRegistry.openModels()).isEqualTo(before);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.generate(PROMPT, GenerationParams.greedy(2), null, null))
                    .isInstanceOf(DecoderException.class).hasMessageContaining("closed");
        } finally {
            pool.shutdown();
            d.close();
        }
    }

    /**
     * The prompt's logits ([1, positions, vocab]) stay in native memory, of which only the last row is read: a
     * 200-token prompt over a 32,000-token vocabulary would otherwise copy 25.6 MB onto the heap.
     */
    @Test
    void thePromptsLogitsAreNotCopiedOntoTheHeap(@TempDir Path tmp) throws Exception {
        var spec = new dev.mode.decoder.writer.MixtralSpec(32_000, 64, 96, 2, 4, 2, 4, 2, 256, 10000.0, 1e-5);
        Path dir = tmp.resolve("wide-vocab");
        dev.mode.decoder.writer.MixtralWriter.write(new dev.mode.decoder.writer.MixtralWeights(spec, TinyModels.SEED,
                dev.mode.decoder.writer.WeightFormat.FP32), dir, dev.mode.decoder.writer.FfnKernel.ROUTED, 0, false);
        long[] prompt = new java.util.Random(3).longs(200, 3, 32_000).toArray();
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (LoadedModel model = LoadedModel.open(dir, TinyModels.cpu())) {
            var generator = new Generator(model);
            generator.run(prompt, GenerationParams.greedy(1), null, null); // warm up
            long before = threads.getCurrentThreadAllocatedBytes();
            generator.run(prompt, GenerationParams.greedy(1), null, null);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("heap bytes allocated by a 200-token prefill").isLessThan(4_000_000);
        }
    }

    @Test
    void samplingIsReproducibleWithASeed() {
        GenerationParams p = new GenerationParams(16, 0.9, 40, 0.95, 1.1, 42, List.of(), false);
        GenerationResult a = decoder.generate(PROMPT, p, null, null);
        GenerationResult b = decoder.generate(PROMPT, p, null, null);
        assertThat(a.text()).isEqualTo(b.text());
    }

    @Test
    void rendersTheChatTemplate() {
        String rendered = decoder.applyChatTemplate(
                List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hello")), true);
        assertThat(rendered).isEqualTo("<s>Be brief.\n\n[INST] Hello [/INST]");
        GenerationParams chat = new GenerationParams(4, 0, 0, 1, 1, 0, List.of(), true);
        GenerationResult r = decoder.generate("Hello", chat, null, null);
        assertThat(r.promptTokens()).isEqualTo(tokenizer.encode("<s>[INST] Hello [/INST]", false).length);
        assertThat(decoder.promptTokens("Hello", true)).isEqualTo(r.promptTokens());
        assertThat(decoder.promptTokens(PROMPT, false))
                .isEqualTo(decoder.generate(PROMPT, GenerationParams.greedy(1), null, null).promptTokens());
    }

    @Test
    void concurrentGenerationsShareOneSessionAndAgree() throws Exception {
        String expected = decoder.generate(PROMPT, GenerationParams.greedy(10), null, null).text();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(pool.submit(() -> decoder.generate(PROMPT, GenerationParams.greedy(10), null, null).text()));
            }
            for (Future<String> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void reusesOneSessionPerModelDirectory() {
        int before = ModelRegistry.openModels();
        try (MoeDecoder second = MoeDecoder.open(TinyModels.fp32().resolve("."), TinyModels.cpu())) {
            assertThat(ModelRegistry.openModels()).isEqualTo(before);
            assertThat(second.providerInUse()).isEqualTo("cpu");
            assertThat(second.contextWindow()).isEqualTo(256);
            assertThat(second.countTokens("hello world")).isPositive();
        }
        assertThat(ModelRegistry.openModels()).isEqualTo(before);
        assertThat(decoder.generate(PROMPT, GenerationParams.greedy(2), null, null).generatedTokens()).isPositive();
    }
}
