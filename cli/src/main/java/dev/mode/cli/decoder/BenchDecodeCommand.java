package dev.mode.cli.decoder;

import dev.mode.decoder.DecoderException;
import dev.mode.decoder.bench.BenchOptions;
import dev.mode.decoder.bench.DecodeBenchmark;
import dev.mode.decoder.bench.JlamaPeer;
import dev.mode.decoder.writer.FfnKernel;
import dev.mode.decoder.writer.MixtralSpec;
import dev.mode.decoder.writer.MixtralWeights;
import dev.mode.decoder.writer.MixtralWriter;
import dev.mode.decoder.writer.WeightFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mode bench decode}: measures the MoE decoder on project-written random-weight Mixtral models (sparse vs
 * dense, fp32 vs int4, against the memory-bandwidth ceiling), or with {@code --write-model} just writes a model to
 * try {@code mode generate} on.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Benchmark the ONNX MoE decoder on random-weight Mixtral models written by MODE.",
                "With --write-model DIR, only write a model (e.g. for 'mode generate --model DIR')."})
public final class BenchDecodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--write-model", paramLabel = "DIR", description = "Write one model to DIR and exit.")
    Path writeModel;

    @Option(names = "--size", defaultValue = "bench", paramLabel = "tiny|small|bench",
            description = "Model size (default: ${DEFAULT-VALUE}: hidden 1024, 8 layers, 8 experts top-2, 644 M parameters).")
    String size;

    @Option(names = "--format", defaultValue = "fp32", paramLabel = "fp32|int4", description = "Weights for --write-model (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--kernel", defaultValue = "routed", paramLabel = "routed|moe-op",
            description = "Expert layer for --write-model: per-expert MatMul dispatch, or ONNX Runtime's com.microsoft.MoE (fp32) / QMoE (int4).")
    String kernel;

    @Option(names = "--safetensors", description = "With --write-model, also write model.safetensors (HF names, e.g. for jlama).")
    boolean safetensors;

    @Option(names = "--work-dir", defaultValue = ".mode/bench-decode", paramLabel = "DIR",
            description = "Where benchmark models are written and reused (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--prompt-tokens", defaultValue = "1024", description = "Prompt length (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--new-tokens", defaultValue = "64", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
    int newTokens;

    @Option(names = "--threads", defaultValue = "2", description = "Intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--repeats", defaultValue = "5",
            description = "Measured rounds; each model generates once per round, in turn, and its median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--accuracy-level", defaultValue = "4",
            description = "MatMulNBits accuracy_level of int4 models: 0 fp32 activations, 4 int8 (default: ${DEFAULT-VALUE}).")
    int accuracyLevel;

    @Option(names = "--no-moe-op", description = "Skip the com.microsoft.MoE operator variant.")
    boolean noMoeOp;

    @Option(names = "--seed", defaultValue = "42", description = "Weight seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--jlama", description = {"Also run jlama 0.8.4 on the same weights in a separate JVM (needs "
            + "'mvn -f modules/decoder/jlama-bench/pom.xml package' once)."})
    boolean jlama;

    @Option(names = "--jlama-classpath", paramLabel = "CP", description = "Class path of the jlama bench (default: found under $MODE_HOME).")
    String jlamaClasspath;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the report (Markdown) to FILE.")
    Path output;

    @Override
    public Integer call() {
        MixtralSpec s;
        try {
            s = MixtralSpec.named(size);
        } catch (DecoderException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            if (writeModel != null) {
                return write(s);
            }
            String jcp = jlamaClasspath;
            if (jlama && jcp == null) {
                Path home = Path.of(System.getenv().getOrDefault("MODE_HOME", "."));
                jcp = JlamaPeer.findClasspath(home).orElse(null);
                if (jcp == null) {
                    System.err.println("error: --jlama: jlama bench not built; run: mvn -f modules/decoder/jlama-bench/pom.xml package");
                    return 1;
                }
            }
            BenchOptions o = new BenchOptions(workDir, s, promptTokens, newTokens, threads, repeats, accuracyLevel, !noMoeOp,
                    seed, jcp);
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            PrintStream tee = new PrintStream(new TeeStream(System.out, copy), true, StandardCharsets.UTF_8);
            DecodeBenchmark.run(o, tee);
            tee.flush();
            if (output != null) {
                Files.writeString(output, copy.toString(StandardCharsets.UTF_8));
            }
            return 0;
        } catch (DecoderException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("error: " + e);
            return 1;
        }
    }

    private int write(MixtralSpec s) {
        WeightFormat f = switch (format.toLowerCase(Locale.ROOT)) {
            case "fp32" -> WeightFormat.FP32;
            case "int4" -> WeightFormat.INT4;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "Unknown --format '" + format + "'; expected fp32 or int4");
        };
        FfnKernel k = switch (kernel.toLowerCase(Locale.ROOT)) {
            case "routed" -> FfnKernel.ROUTED;
            case "moe-op" -> FfnKernel.MOE_OP;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "Unknown --kernel '" + kernel + "'; expected routed or moe-op");
        };
        long t0 = System.nanoTime();
        MixtralWriter.write(new MixtralWeights(s, seed, f), writeModel, k, f == WeightFormat.INT4 ? accuracyLevel : 0, safetensors);
        System.err.printf(Locale.ROOT, "Wrote a %s %s Mixtral-style model (%,d parameters, random weights) to %s in %.1f s%n",
                f.name().toLowerCase(Locale.ROOT), k.name().toLowerCase(Locale.ROOT).replace('_', '-'), s.totalParams(),
                writeModel, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** Copies everything written to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
