package dev.mode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on the command line is one clear line on stderr and a non-zero exit, never a stack trace. */
class CliErrorsTest {

  @Test
  void helpListsEverySubcommand() {
    var run = CliRunner.run("--help");
    assertThat(run.exitCode()).isZero();
    for (String cmd : new String[] {"demo", "index", "search", "ask", "eval", "serve", "generate", "bench", "experts"}) {
      assertThat(run.out()).contains("  " + cmd + " ");
    }
  }

  @Test
  void unknownOptionIsAUsageError() {
    var run = CliRunner.run("ask", "--no-such-flag", "q");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--no-such-flag'");
  }

  @Test
  void missingIndexNamesTheDirectory(@TempDir Path tmp) {
    var run = CliRunner.run("ask", "--index", tmp.resolve("nothing").toString(), "what is MODE?");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: ").contains("no MODE index at").contains("nothing")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void badConfigValueNamesKeyAndAllowedValues(@TempDir Path tmp) {
    var run = CliRunner.run("search", "--index", tmp.toString(), "--set", "gate.top-k=zero", "q");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("gate.top-k").contains("'zero'").contains("integer 1..1024").doesNotContain("\tat ");
  }

  @Test
  void unknownConfigKeyIsRejected(@TempDir Path tmp) {
    var run = CliRunner.run("search", "--index", tmp.toString(), "--set", "gate.topk=2", "q");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("unknown configuration key 'gate.topk'");
  }

  @Test
  void outOfMemoryAndFileSystemErrorsAreOneLine() {
    assertThat(Errors.describe(new OutOfMemoryError("Java heap space"))).startsWith("out of memory (the Java heap is ")
        .contains("MODE_JAVA_OPTS=-Xmx8g").doesNotContain("\n");
    assertThat(Errors.describe(new java.nio.file.FileAlreadyExistsException("/data/index")))
        .isEqualTo("already exists: /data/index");
    assertThat(Errors.describe(new IllegalStateException("Unexpected character ('b')\n at [Source: REDACTED; line: 1]")))
        .isEqualTo("Unexpected character ('b')");
  }
}
