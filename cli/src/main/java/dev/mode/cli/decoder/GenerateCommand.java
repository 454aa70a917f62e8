package dev.mode.cli.decoder;

import dev.mode.decoder.DecoderException;
import dev.mode.decoder.DecoderOptions;
import dev.mode.decoder.GenerationParams;
import dev.mode.decoder.GenerationResult;
import dev.mode.decoder.MoeDecoder;
import dev.mode.decoder.Provider;
import dev.mode.decoder.CancellationToken;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mode generate}: streams a completion of a local ONNX decoder to stdout. Only the completion goes to
 * stdout, so it can be piped; statistics and errors go to stderr.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate text with a local ONNX (Mixture-of-Experts) decoder; the completion is streamed to stdout.")
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model directory: model.onnx (+ model.onnx_data), tokenizer.json, config.json, ...")
    Path model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(names = "--max-new-tokens", defaultValue = "128", paramLabel = "N", description = "Maximum tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0", paramLabel = "T", description = "0 = greedy (default), > 0 samples.")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K", description = "Sample from the K most likely tokens (0 = off).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P", description = "Nucleus sampling mass (1 = off).")
    double topP;

    @Option(names = "--repetition-penalty", defaultValue = "1.0", paramLabel = "R", description = "Penalty on repeated tokens (1 = off).")
    double repetitionPenalty;

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop string (repeatable); it is not printed.")
    List<String> stop;

    @Option(names = "--provider", defaultValue = "auto", paramLabel = "cpu|cuda|auto", description = "Execution provider (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "Intra-op threads (0 = one per core).")
    int threads;

    @Option(names = "--chat", description = "Wrap the prompt as a user message in the model's chat template.")
    boolean chat;

    @Option(names = "--stats", description = "Print token counts and timings to stderr.")
    boolean stats;

    @Override
    public Integer call() {
        Provider p;
        GenerationParams params;
        try {
            p = Provider.parse(provider);
            params = new GenerationParams(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed,
                    stop == null ? List.of() : stop, chat);
        } catch (DecoderException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        CancellationToken cancel = new CancellationToken();
        Thread hook = new Thread(cancel::cancel, "mode-generate-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try (MoeDecoder decoder = MoeDecoder.open(model, new DecoderOptions(p, threads, "all"))) {
            GenerationResult r = decoder.generate(prompt, params, delta -> {
                out.print(delta);
                out.flush();
            }, cancel);
            out.println();
            out.flush();
            if (stats) {
                System.err.printf(Locale.ROOT, "[%s] prompt %d tokens, generated %d (%s), prefill %.0f ms, first token %.0f ms, "
                                + "decode %.1f tokens/s%n", decoder.providerInUse(), r.promptTokens(), r.generatedTokens(),
                        r.stopReason().name().toLowerCase(Locale.ROOT), r.prefillNanos() / 1e6, r.firstTokenNanos() / 1e6,
                        r.decodeTokensPerSecond());
            }
            return 0;
        } catch (DecoderException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("error: " + e);
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down
            }
        }
    }
}
