package dev.mode.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.decoder.bench.BenchOptions;
import dev.mode.decoder.bench.BenchRow;
import dev.mode.decoder.bench.DecodeBenchmark;
import dev.mode.decoder.writer.MixtralSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the benchmark end to end on the tiny model: it must produce every row (no timing is asserted). */
class DecodeBenchmarkSmokeTest {
    @TempDir Path work;

    @Test
    void producesAllRowsAndTheTable() {
        BenchOptions o = new BenchOptions(work, MixtralSpec.tiny(), 32, 4, 1, 1, 0, true, 1, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<BenchRow> rows = DecodeBenchmark.run(o, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(rows).extracting(r -> r.config().name())
                .containsExactly("moe-routed-fp32", "moe-routed-fp32-growing-kv", "moe-op-fp32", "dense-fp32",
                        "moe-routed-int4", "moe-routed-int4-growing-kv", "qmoe-op-int4", "dense-int4");
        assertThat(rows).allSatisfy(r -> assertThat(r.decodeTokensPerS()).isPositive());
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("| model |", "Sparse/dense cost (FP32)",
                "KV cache updated in place vs grown by a copy per step (moe-routed-int4)");
    }
}
