package dev.mode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mode serve} refuses bad starts with exit code 1 (the server itself is tested in rag-api's ApiIT). */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void refusesAMissingIndex() {
    assertThat(Main.run("serve", "--index", dir.resolve("none").toString(), "--port", "0")).isEqualTo(1);
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutKeys() {
    assertThat(Main.run("serve", "--index", dir.toString(), "--host", "0.0.0.0", "--port", "0")).isEqualTo(1);
  }

  @Test
  void refusesAnInvalidPort() {
    assertThat(Main.run("serve", "--index", dir.toString(), "--port", "70000")).isEqualTo(1);
  }
}
