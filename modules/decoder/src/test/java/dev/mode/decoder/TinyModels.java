package dev.mode.decoder;

import dev.mode.decoder.writer.FfnKernel;
import dev.mode.decoder.writer.MixtralSpec;
import dev.mode.decoder.writer.MixtralWeights;
import dev.mode.decoder.writer.MixtralWriter;
import dev.mode.decoder.writer.WeightFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny project-written models shared by the tests (written once per JVM). */
final class TinyModels {
    static final long SEED = 7;
    private static Path fp32;

    private TinyModels() {
    }

    static MixtralWeights weights() {
        return new MixtralWeights(MixtralSpec.tiny(), SEED, WeightFormat.FP32);
    }

    /** The default test model: fp32, routed expert kernel. */
    static synchronized Path fp32() {
        if (fp32 == null) {
            fp32 = write(weights(), FfnKernel.ROUTED);
        }
        return fp32;
    }

    static Path write(MixtralWeights w, FfnKernel kernel) {
        try {
            Path dir = Files.createTempDirectory("mode-tiny-");
            // deleteOnExit cannot remove a directory that has files: remove the whole tree when the test JVM ends
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            MixtralWriter.write(w, dir, kernel, 0, false);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }

    static DecoderOptions cpu() {
        return new DecoderOptions(Provider.CPU, 1, "all");
    }
}
