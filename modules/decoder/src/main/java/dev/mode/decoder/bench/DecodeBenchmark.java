package dev.mode.decoder.bench;

import dev.mode.decoder.DecoderOptions;
import dev.mode.decoder.GenerationParams;
import dev.mode.decoder.GenerationResult;
import dev.mode.decoder.Provider;
import dev.mode.decoder.runtime.Generator;
import dev.mode.decoder.runtime.LoadedModel;
import dev.mode.decoder.runtime.ModelRegistry;
import dev.mode.decoder.writer.FfnKernel;
import dev.mode.decoder.writer.MixtralSpec;
import dev.mode.decoder.writer.MixtralWeights;
import dev.mode.decoder.writer.MixtralWriter;
import dev.mode.decoder.writer.WeightFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures the decoder on project-written random-weight models, side by side in one run: the sparse MoE graph
 * (fp32 and int4, optionally ONNX Runtime's MoE operator too), a dense model with the same active parameters,
 * and the memory-bandwidth ceiling measured on this machine now. Prints a Markdown table.
 */
public final class DecodeBenchmark {
    private DecodeBenchmark() {
    }

    /** @return the configurations the options ask for, in table order */
    public static List<BenchConfig> configs(BenchOptions o) {
        MixtralSpec moe = o.spec();
        MixtralSpec dense = moe.denseEquivalent();
        List<BenchConfig> list = new ArrayList<>();
        list.add(new BenchConfig("moe-routed-fp32", moe, WeightFormat.FP32, FfnKernel.ROUTED));
        list.add(new BenchConfig("moe-routed-fp32" + BenchConfig.GROWING_SUFFIX, moe, WeightFormat.FP32, FfnKernel.ROUTED, false));
        if (o.includeMoeOp()) {
            list.add(new BenchConfig("moe-op-fp32", moe, WeightFormat.FP32, FfnKernel.MOE_OP));
        }
        list.add(new BenchConfig("dense-fp32", dense, WeightFormat.FP32, FfnKernel.DENSE));
        list.add(new BenchConfig("moe-routed-int4", moe, WeightFormat.INT4, FfnKernel.ROUTED));
        list.add(new BenchConfig("moe-routed-int4" + BenchConfig.GROWING_SUFFIX, moe, WeightFormat.INT4, FfnKernel.ROUTED, false));
        if (o.includeMoeOp()) {
            list.add(new BenchConfig("qmoe-op-int4", moe, WeightFormat.INT4, FfnKernel.MOE_OP));
        }
        list.add(new BenchConfig("dense-int4", dense, WeightFormat.INT4, FfnKernel.DENSE));
        return list;
    }

    /** Runs everything and prints the report; returns the rows. */
    public static List<BenchRow> run(BenchOptions o, PrintStream out) {
        out.printf(Locale.ROOT, "MoE spec: %s%n  %,d parameters, %,d active per token%n", o.spec(), o.spec().totalParams(),
                o.spec().activeParams());
        out.println("Load average at start: " + loadAverage() + " (figures are only meaningful on an otherwise idle machine)");
        double bandwidth = BandwidthProbe.triadBytesPerSecond(o.threads(), 1 << 26, 20);
        System.gc();
        out.printf(Locale.ROOT, "Memory bandwidth (triad, %d threads): %.1f GB/s%n", o.threads(), bandwidth / 1e9);
        // all models are written before any is timed: writing leaves GBs of dirty pages whose writeback
        // competes for memory bandwidth and disturbed the first measurement when interleaved
        List<BenchConfig> configs = configs(o);
        List<Path> dirs = new ArrayList<>();
        for (BenchConfig c : configs) {
            dirs.add(ensureModel(o, c, out));
        }
        List<BenchRow> rows = measureInTurn(o, configs, dirs, bandwidth, out);
        // the probe varies from run to run on shared machines: measure again and hold decode to the higher figure
        double after = BandwidthProbe.triadBytesPerSecond(o.threads(), 1 << 26, 20);
        out.printf(Locale.ROOT, "Memory bandwidth again after the runs: %.1f GB/s; load average: %s%n", after / 1e9, loadAverage());
        if (after > bandwidth) {
            double scale = bandwidth / after;
            rows.replaceAll(r -> new BenchRow(r.config(), r.prefillTokensPerS(), r.timeToFirstTokenMs(), r.decodeTokensPerS(),
                    r.peakRssBytes(), r.addedRssBytes(), r.ceilingTokensPerS() / scale));
            bandwidth = after;
        }
        List<JlamaPeer.Result> jlama = o.jlamaClasspath() == null ? List.of() : JlamaPeer.run(o, o.jlamaClasspath(), out);
        printTable(rows, o, bandwidth, out);
        printJlama(jlama, rows, o, out);
        return rows;
    }

    /**
     * Writes (or reuses) the model of a configuration under the work directory. A growing-KV configuration gets a
     * directory of hard links to its model's files, less the file that declares the shared KV buffer.
     */
    public static Path ensureModel(BenchOptions o, BenchConfig c, PrintStream log) {
        if (!c.sharedKv()) {
            Path base = ensureModel(o, new BenchConfig(c.modelName(), c.spec(), c.format(), c.kernel()), log);
            Path dir = o.workDir().resolve(c.name());
            try {
                if (Files.exists(dir)) {
                    try (var old = Files.list(dir)) {
                        for (Path f : old.toList()) {
                            Files.delete(f);
                        }
                    }
                }
                Files.createDirectories(dir);
                try (var files = Files.list(base)) {
                    for (Path f : files.toList()) {
                        if (!f.getFileName().toString().equals(dev.mode.decoder.runtime.ModelConfig.GENAI_CONFIG)) {
                            Files.createLink(dir.resolve(f.getFileName()), f);
                        }
                    }
                }
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path dir = o.workDir().resolve(c.name());
        String stamp = c.spec() + " " + c.format() + " " + c.kernel() + " seed=" + o.seed() + " acc=" + o.accuracyLevel()
                + " graph=" + MixtralWriter.GRAPH_VERSION;
        Path marker = dir.resolve(".mode-bench");
        try {
            if (Files.isRegularFile(marker) && Files.readString(marker).equals(stamp)) {
                return dir;
            }
            long t0 = System.nanoTime();
            MixtralWriter.write(new MixtralWeights(c.spec(), o.seed(), c.format()), dir, c.kernel(), o.accuracyLevel(), false);
            Files.writeString(marker, stamp);
            log.printf(Locale.ROOT, "wrote %s in %.1f s%n", dir, (System.nanoTime() - t0) / 1e9);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loaded configuration and what its rounds measured. */
    private record Subject(BenchConfig config, LoadedModel model, Generator generator, long addedRss, List<double[]> runs) {
    }

    /**
     * Loads every model, then measures them in turn, one generation each per round, and reports each model's
     * median round. This machine's memory bandwidth drifts by tens of percent over minutes (other tenants share
     * it); measuring model after model let whichever ran in a quiet minute look faster, while rounds expose every
     * model to the same drift.
     */
    private static List<BenchRow> measureInTurn(BenchOptions o, List<BenchConfig> configs, List<Path> dirs, double bandwidth,
                                                PrintStream log) {
        long[] prompt = prompt(o);
        long baseline = RssSampler.currentRss();
        List<Subject> subjects = new ArrayList<>();
        try {
            for (int i = 0; i < configs.size(); i++) {
                System.gc();
                long before = RssSampler.currentRss();
                try (RssSampler rss = new RssSampler()) {
                    LoadedModel model = ModelRegistry.acquire(dirs.get(i), new DecoderOptions(Provider.CPU, o.threads(), "all"));
                    Generator generator = new Generator(model);
                    try {
                        // one unmeasured generation of the full length: warms the kernels and allocates the KV cache
                        generator.run(prompt, GenerationParams.greedy(o.newTokens()), null, null, true);
                    } catch (RuntimeException e) {
                        ModelRegistry.release(model);
                        throw e;
                    }
                    subjects.add(new Subject(configs.get(i), model, generator, rss.peak() - before, new ArrayList<>()));
                }
            }
            for (int r = 0; r < o.repeats(); r++) {
                for (Subject s : subjects) {
                    GenerationResult g = s.generator().run(prompt, GenerationParams.greedy(o.newTokens()), null, null, true).result();
                    s.runs().add(new double[] {o.promptTokens() * 1e9 / g.prefillNanos(), g.firstTokenNanos() / 1e6,
                            g.decodeTokensPerSecond()});
                }
                log.printf(Locale.ROOT, "round %d of %d done; load average %s%n", r + 1, o.repeats(), loadAverage());
            }
        } finally {
            subjects.forEach(s -> ModelRegistry.release(s.model()));
        }
        List<BenchRow> rows = new ArrayList<>();
        for (Subject s : subjects) {
            BenchRow row = new BenchRow(s.config(), median(s.runs(), 0), median(s.runs(), 1), median(s.runs(), 2),
                    baseline + s.addedRss(), s.addedRss(), bandwidth / s.config().activeWeightBytes());
            log.printf(Locale.ROOT, "%-16s prefill %.0f tok/s, TTFT %.0f ms, decode %.1f tok/s (%.0f%% of ceiling; rounds %s), model's RSS %.2f GiB%n",
                    s.config().name(), row.prefillTokensPerS(), row.timeToFirstTokenMs(), row.decodeTokensPerS(),
                    100 * row.ceilingFraction(), s.runs().stream().map(x -> String.format(Locale.ROOT, "%.1f", x[2])).toList(),
                    row.addedRssBytes() / (double) (1L << 30));
            rows.add(row);
        }
        return rows;
    }

    private static double median(List<double[]> runs, int column) {
        double[] v = runs.stream().mapToDouble(x -> x[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The same random prompt for every model: BOS, then seeded token ids. */
    private static long[] prompt(BenchOptions o) {
        SplittableRandom rnd = new SplittableRandom(o.seed());
        long[] prompt = new long[o.promptTokens()];
        prompt[0] = MixtralSpec.BOS_ID;
        for (int i = 1; i < prompt.length; i++) {
            prompt[i] = 3 + rnd.nextInt(o.spec().vocabSize() - 3);
        }
        return prompt;
    }

    private static void printTable(List<BenchRow> rows, BenchOptions o, double bandwidth, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Prompt %d tokens, %d generated (greedy, EOS ignored), %d threads, median of %d rounds; bandwidth %.1f GB/s%n%n",
                o.promptTokens(), o.newTokens(), o.threads(), o.repeats(), bandwidth / 1e9);
        out.println("| model | params (active) | prefill tok/s | TTFT ms | decode tok/s | active weights MB | ceiling tok/s | % of ceiling | peak RSS GiB (model's share) |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (BenchRow r : rows) {
            MixtralSpec s = r.config().spec();
            out.printf(Locale.ROOT, "| %s | %.0f M (%.0f M) | %.0f | %.0f | %.1f | %.0f | %.1f | %.0f%% | %.2f (%.2f) |%n",
                    r.config().name(), s.totalParams() / 1e6, s.activeParams() / 1e6, r.prefillTokensPerS(),
                    r.timeToFirstTokenMs(), r.decodeTokensPerS(), r.config().activeWeightBytes() / 1e6,
                    r.ceilingTokensPerS(), 100 * r.ceilingFraction(), r.peakRssBytes() / (double) (1L << 30),
                    r.addedRssBytes() / (double) (1L << 30));
        }
        out.println();
        for (WeightFormat f : WeightFormat.values()) {
            BenchRow sparse = find(rows, "moe-routed-" + f.name().toLowerCase(Locale.ROOT));
            BenchRow dense = find(rows, "dense-" + f.name().toLowerCase(Locale.ROOT));
            if (sparse != null && dense != null) {
                out.printf(Locale.ROOT, "Sparse/dense cost (%s): decode %.2fx, prefill %.2fx (target <= 1.3x)%n", f,
                        dense.decodeTokensPerS() / sparse.decodeTokensPerS(), dense.prefillTokensPerS() / sparse.prefillTokensPerS());
            }
        }
        BenchRow qop = find(rows, "qmoe-op-int4");
        BenchRow routed4 = find(rows, "moe-routed-int4");
        if (qop != null && routed4 != null) {
            out.printf(Locale.ROOT, "QMoE operator vs routed MatMulNBits (int4): decode %.1f vs %.1f tok/s, prefill %.0f vs %.0f tok/s%n",
                    qop.decodeTokensPerS(), routed4.decodeTokensPerS(), qop.prefillTokensPerS(), routed4.prefillTokensPerS());
        }
        for (BenchRow growing : rows) {
            BenchRow sharedRow = growing.config().sharedKv() ? null : find(rows, growing.config().modelName());
            if (sharedRow != null) {
                out.printf(Locale.ROOT, "KV cache updated in place vs grown by a copy per step (%s): decode %.1f vs %.1f tok/s (%.2fx)%n",
                        sharedRow.config().name(), sharedRow.decodeTokensPerS(), growing.decodeTokensPerS(),
                        sharedRow.decodeTokensPerS() / growing.decodeTokensPerS());
            }
        }
        BenchRow op = find(rows, "moe-op-fp32");
        BenchRow routed = find(rows, "moe-routed-fp32");
        if (op != null && routed != null) {
            out.printf(Locale.ROOT, "MoE operator vs routed MatMul (fp32): decode %.1f vs %.1f tok/s, prefill %.0f vs %.0f tok/s%n",
                    op.decodeTokensPerS(), routed.decodeTokensPerS(), op.prefillTokensPerS(), routed.prefillTokensPerS());
        }
    }

    private static void printJlama(List<JlamaPeer.Result> jlama, List<BenchRow> rows, BenchOptions o, PrintStream out) {
        out.println();
        if (o.jlamaClasspath() == null) {
            out.println("jlama: not run (build modules/decoder/jlama-bench: mvn -f modules/decoder/jlama-bench/pom.xml package)");
            return;
        }
        if (jlama.isEmpty()) {
            out.println("jlama: no figures (see its output above)");
            return;
        }
        out.println("| jlama 0.8.4, same weights (separate JVM) | prefill tok/s | TTFT ms | decode tok/s | peak RSS GiB | MODE decode tok/s (same weights) |");
        out.println("|---|---|---|---|---|---|");
        for (JlamaPeer.Result r : jlama) {
            BenchRow ours = find(rows, r.mode().equals("q4") ? "moe-routed-int4" : "moe-routed-fp32");
            out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.1f | %.2f | %s |%n", r.mode().equals("q4") ? "Q4 weights, F32 activations" : "F32",
                    r.prefillTokensPerS(), r.ttftMs(), r.decodeTokensPerS(), r.peakRssBytes() / (double) (1L << 30),
                    ours == null ? "-" : String.format(Locale.ROOT, "%.1f (%s)", ours.decodeTokensPerS(), ours.config().name()));
        }
    }

    /** @return the 1/5/15-minute load averages (Linux), to show whether other work competed for the cores */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static BenchRow find(List<BenchRow> rows, String name) {
        return rows.stream().filter(r -> r.config().name().equals(name)).findFirst().orElse(null);
    }
}
