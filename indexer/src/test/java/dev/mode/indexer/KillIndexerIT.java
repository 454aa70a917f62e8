package dev.mode.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.core.ModeEngine;
import dev.mode.core.SearchRequest;
import dev.mode.core.index.GenerationWriter;
import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.Manifest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with real processes: an indexer JVM is killed with SIGKILL ({@code destroyForcibly}) at several
 * points of a full build and of an incremental add; each time the previous generation must still open, verify and
 * search, a reader opened before in this (other) process must keep answering, and a fresh run must then succeed.
 */
class KillIndexerIT {
  @TempDir Path dir;

  static final String[][] TOPICS = {
      {"volcano", "The volcano erupted and lava flowed down its flank while ash fell on the villages."},
      {"finance", "The bank raised interest rates and bond yields climbed as inflation persisted."},
      {"cooking", "Knead the dough, let it rise, then bake the bread until the crust turns golden."},
      {"astronomy", "The telescope observed a distant galaxy whose light left it billions of years ago."}};

  static Path corpus(Path file, String prefix, int n) throws IOException {
    List<String[]> docs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String[] t = TOPICS[i % TOPICS.length];
      docs.add(new String[] {prefix + i, t[0] + " " + i, t[1] + " Note " + i + " adds that " + t[0]
          + " observations number " + (i * 7 % 13) + " were recorded. " + t[1]});
    }
    return TestCorpus.writeJsonl(file, docs);
  }

  /** Starts the indexer JVM and kills it when a line of its output matches; returns whether the kill happened. */
  boolean runAndKill(String mode, Path index, Path corpus, Predicate<String> killWhen) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(javaBin));
    // the flags this test JVM runs with (native access for ONNX Runtime, heap, vector module), then the classpath
    cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> !a.startsWith("-javaagent") && !a.startsWith("-agentlib")).toList());
    cmd.addAll(List.of("-cp", pathingJar().toString(), IndexProcess.class.getName(), mode, index.toString(),
        corpus.toString()));
    var pb = new ProcessBuilder(cmd)
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("indexer-" + mode + ".log").toFile()));
    Process p = pb.start();
    boolean killed = false;
    var seen = new StringBuilder();
    try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        seen.append(line).append('\n');
        if (killWhen.test(line)) {
          p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
          killed = true;
          break;
        }
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    if (!killed) {
      assertThat(p.exitValue()).as("unkilled run succeeds; its stderr: " + Files.readString(dir.resolve("indexer-" + mode + ".log")) + "\nstdout: " + seen).isZero();
    }
    return killed;
  }

  /**
   * A jar whose manifest carries this JVM's classpath, so the child's command line stays short: ONNX Runtime 1.29
   * crashes the JVM (SIGSEGV while loading) when the launcher's -cp is longer than about 4,000 characters.
   */
  Path pathingJar() throws IOException {
    Path jar = dir.resolve("classpath.jar");
    if (Files.exists(jar)) {
      return jar;
    }
    var mf = new java.util.jar.Manifest();
    mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, java.util.Arrays.stream(
        System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .map(e -> Path.of(e).toAbsolutePath().toUri().toString()).collect(java.util.stream.Collectors.joining(" ")));
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), mf)) {
      // the manifest is the whole jar
    }
    return jar;
  }

  static void assertLiveGenerationIsWholeAndSearchable(Path index, long expectedGeneration, String query,
      String expectedDocPrefix) throws IOException {
    var layout = new IndexLayout(index);
    Path live = layout.requireCurrent();
    Manifest m = Manifest.read(live);
    assertThat(m.generation()).isEqualTo(expectedGeneration);
    assertThat(GenerationWriter.checksums(live)).as("every file as the manifest recorded it")
        .isEqualTo(new java.util.TreeMap<>(m.checksums()));
    try (ModeEngine e = ModeEngine.open(TestCorpus.config(index, Map.of()))) {
      var hits = e.search(new SearchRequest(query, null, 3, "exhaustive", Map.of())).hits();
      assertThat(hits).isNotEmpty();
      assertThat(hits.get(0).docId()).startsWith(expectedDocPrefix);
    }
  }

  @Test
  void killedIndexerLeavesThePreviousGenerationReadable() throws Exception {
    Path index = dir.resolve("index");
    Path first = corpus(dir.resolve("first.jsonl"), "a", 20);
    Path second = corpus(dir.resolve("second.jsonl"), "b", 40);
    assertThat(runAndKill("build", index, first, line -> false)).isFalse();
    assertLiveGenerationIsWholeAndSearchable(index, 1, "lava flowed down the volcano", "a");

    try (ModeEngine reader = ModeEngine.open(TestCorpus.config(index, Map.of()))) {
      List<Predicate<String>> killPoints = List.of(
          line -> line.startsWith("STAGE parse"),
          line -> line.startsWith("STAGE embed") && !line.startsWith("STAGE embed 0 "),
          line -> line.startsWith("STAGE write"),
          line -> line.matches("STAGE write (\\d+) \\1"), // shards written: killed while merging or publishing
          line -> line.equals("STAGE gate 0 1")); // killed while the learned gate trains on the written shards
      for (Predicate<String> kill : killPoints) {
        assertThat(runAndKill("build", index, second, kill)).as("killed before publishing").isTrue();
        assertLiveGenerationIsWholeAndSearchable(index, 1, "lava flowed down the volcano", "a");
        assertThat(reader.search(SearchRequest.of("interest rates and bond yields")).hits()).isNotEmpty();
      }
      // an incremental add killed while it commits
      assertThat(runAndKill("add", index, second, line -> line.startsWith("STAGE write"))).isTrue();
      assertLiveGenerationIsWholeAndSearchable(index, 1, "lava flowed down the volcano", "a");

      // leftovers of the killed runs do not stop the next one (stale partials removed, the lock freed by the OS)
      assertThat(runAndKill("build", index, second, line -> false)).isFalse();
      assertLiveGenerationIsWholeAndSearchable(index, 2, "telescope observed a distant galaxy", "b");
      try (Stream<Path> s = Files.list(index)) {
        assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
      }
      // the reader opened on generation 1 kept working through all of it, and moves to the new one
      assertThat(reader.search(SearchRequest.of("knead the dough")).hits()).isNotEmpty();
      reader.refresh();
      assertThat(reader.info().generation()).isEqualTo(2);
      assertThat(reader.search(SearchRequest.of("telescope galaxy")).hits().get(0).docId()).startsWith("b");
    }
  }
}
