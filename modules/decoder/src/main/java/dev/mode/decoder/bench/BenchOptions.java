package dev.mode.decoder.bench;

import dev.mode.decoder.writer.MixtralSpec;
import java.nio.file.Path;

/**
 * Benchmark settings.
 *
 * @param workDir       where models are written (reused when already there with the same settings)
 * @param spec          the MoE model's shape (default: the size of /work/shared/benchmarks/README.md)
 * @param promptTokens  prompt length for prefill and time to first token
 * @param newTokens     tokens generated for the decode rate
 * @param threads       ONNX Runtime intra-op threads (and bandwidth-probe threads)
 * @param repeats       measured rounds (every model generates once per round, in turn); the median is reported
 * @param accuracyLevel MatMulNBits accuracy_level of the int4 models (4: int8 activations)
 * @param includeMoeOp  also measure the graph with ONNX Runtime's com.microsoft.MoE operator (fp32)
 * @param seed          weight seed
 * @param jlamaClasspath class path of modules/decoder/jlama-bench (jar + lib/*) to run jlama as a peer; null skips it
 */
public record BenchOptions(Path workDir, MixtralSpec spec, int promptTokens, int newTokens, int threads, int repeats,
                           int accuracyLevel, boolean includeMoeOp, long seed, String jlamaClasspath) {

    /** @return the standard run: bench-size model, 1,024-token prompt, 64 new tokens, 2 threads, 5 rounds */
    public static BenchOptions defaults(Path workDir) {
        return new BenchOptions(workDir, MixtralSpec.bench(), 1024, 64, 2, 5, 4, true, 42, null);
    }
}
