package dev.mode.decoder.bench;

import dev.mode.decoder.writer.MixtralWeights;
import dev.mode.decoder.writer.MixtralWriter;
import dev.mode.decoder.writer.WeightFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs jlama (module {@code modules/decoder/jlama-bench}, outside the decoder's dependencies) as a separate JVM on
 * the same weights, written as a Hugging Face checkpoint, and reads back its figures.
 */
public final class JlamaPeer {
    private static final Pattern LINE = Pattern.compile(
            "JLAMA prefill_tok_s=([0-9.]+) ttft_ms=([0-9.]+) decode_tok_s=([0-9.]+) generated=([0-9]+) peak_rss=([0-9]+)");

    /**
     * jlama's figures.
     *
     * @param mode              {@code f32} or {@code q4}
     * @param prefillTokensPerS prompt tokens per second
     * @param ttftMs            time to first token
     * @param decodeTokensPerS  generated tokens per second
     * @param peakRssBytes      the jlama JVM's peak RSS
     */
    public record Result(String mode, double prefillTokensPerS, double ttftMs, double decodeTokensPerS, long peakRssBytes) {
    }

    private JlamaPeer() {
    }

    /** @return the jlama-bench class path under {@code home} when it has been built */
    public static Optional<String> findClasspath(Path home) {
        Path target = home.resolve("modules/decoder/jlama-bench/target");
        try (var files = Files.list(target)) {
            Optional<Path> jar = files.filter(p -> p.getFileName().toString().matches("mode-decoder-jlama-bench-.*\\.jar")).findFirst();
            return jar.map(j -> j + java.io.File.pathSeparator + target.resolve("lib") + "/*");
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes the checkpoint (reused when present) and runs jlama fp32 and Q4; a failed mode is reported, not thrown. */
    public static List<Result> run(BenchOptions o, String classpath, PrintStream log) {
        Path dir = o.workDir().resolve("jlama-checkpoint");
        String stamp = o.spec() + " seed=" + o.seed();
        List<Result> results = new ArrayList<>();
        try {
            Path marker = dir.resolve(".mode-bench");
            if (!(Files.isRegularFile(marker) && Files.readString(marker).equals(stamp))) {
                MixtralWriter.writeHfCheckpoint(new MixtralWeights(o.spec(), o.seed(), WeightFormat.FP32), dir);
                Files.writeString(marker, stamp);
                log.println("wrote " + dir);
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            for (String mode : new String[] {"f32", "q4"}) {
                List<String> cmd = List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-preview",
                        "--enable-native-access=ALL-UNNAMED", "-Xmx8g", "-cp", classpath,
                        "dev.mode.decoder.jlamabench.JlamaBench", dir.toString(), Integer.toString(o.promptTokens()),
                        Integer.toString(o.newTokens()), Integer.toString(o.threads()), mode);
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                Map<String, String> env = pb.environment();
                env.remove("JAVA_TOOL_OPTIONS");
                Process p = pb.start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(30, TimeUnit.MINUTES);
                Matcher m = LINE.matcher(output);
                if (m.find()) {
                    Result r = new Result(mode, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                            Double.parseDouble(m.group(3)), Long.parseLong(m.group(5)));
                    results.add(r);
                    log.printf(Locale.ROOT, "jlama %-4s prefill %.0f tok/s, TTFT %.0f ms, decode %.1f tok/s, peak RSS %.2f GiB%n",
                            mode, r.prefillTokensPerS(), r.ttftMs(), r.decodeTokensPerS(), r.peakRssBytes() / (double) (1L << 30));
                } else {
                    String tail = output.length() > 1500 ? output.substring(output.length() - 1500) : output;
                    log.println("jlama " + mode + " failed (exit " + p.exitValue() + "):\n" + tail);
                }
            }
        } catch (IOException e) {
            log.println("jlama: could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return results;
    }
}
