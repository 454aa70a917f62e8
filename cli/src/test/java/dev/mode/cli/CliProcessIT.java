package dev.mode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mode} command as its own process, with the logging it ships with: what a nightly job's log file gets.
 */
class CliProcessIT {
  @TempDir Path dir;

  /** Runs {@code mode ARGS} in a new JVM; stdout and stderr go to files under {@link #dir}. */
  int mode(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> !a.startsWith("-javaagent") && !a.startsWith("-agentlib")).toList());
    cmd.addAll(List.of("-cp", pathingJar().toString(), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return p.exitValue();
  }

  /**
   * A jar whose manifest carries this JVM's classpath: ONNX Runtime crashes a JVM started with a -cp longer than
   * about 4,000 characters (see KillIndexerIT).
   */
  Path pathingJar() throws IOException {
    Path jar = dir.resolve("classpath.jar");
    var mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, Arrays.stream(System.getProperty("java.class.path")
        .split(java.io.File.pathSeparator)).map(e -> Path.of(e).toAbsolutePath().toUri().toString())
        .collect(Collectors.joining(" ")));
    try (var out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
      // the manifest is the whole jar
    }
    return jar;
  }

  @Test
  void aCorruptPdfIsOneSkipLineNotALibraryStackTrace() throws Exception {
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    Files.writeString(corpus.resolve("lava.md"), "# Lava\n\nBasaltic lava is runny and flows far from the vent.");
    // a catalog nesting arrays 2,000 deep: PDFBox stops at its recursion limit, and logs that with a stack trace
    Files.write(corpus.resolve("nested.pdf"), ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /X " + "[".repeat(2000)
        + "]".repeat(2000) + " >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII));
    int exit = mode("index", "--input", corpus.toString(), "--index", dir.resolve("index").toString(),
        "--set", "embedding.model=all-minilm-l6-v2");
    String out = Files.readString(dir.resolve("out.txt"));
    String err = Files.readString(dir.resolve("err.txt"));
    assertThat(exit).as(err).isZero();
    assertThat(out).contains("indexed 1 documents").contains("nested.pdf: cannot parse: ");
    assertThat(err).as("stderr of a batch job").doesNotContain("\tat ").doesNotContain("ERROR");
  }
}
