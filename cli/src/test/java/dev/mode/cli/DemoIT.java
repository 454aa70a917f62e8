package dev.mode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole path on the bundled samples: index into experts, route, answer with citations. */
class DemoIT {
  private static final Path SAMPLES = Path.of("..", "samples");

  @Test
  void demoIndexesTheSamplesAndAnswersWithCitations(@TempDir Path tmp) throws Exception {
    var run = CliRunner.run("demo", "--corpus", SAMPLES.resolve("corpus").toString(),
        "--questions", SAMPLES.resolve("questions.jsonl").toString(), "--index", tmp.resolve("index").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("== Experts").contains("Answer:").contains("Sources (extractive answer):");
    assertThat(Files.readString(tmp.resolve("index/CURRENT")).trim()).startsWith("gen-");
    // every question got experts with gate probabilities and an answer citing [n]
    long questions = Files.readAllLines(SAMPLES.resolve("questions.jsonl")).stream().filter(l -> !l.isBlank()).count();
    assertThat(Pattern.compile("Experts: \\w+ gate").matcher(run.out()).results().count()).isEqualTo(questions);
    assertThat(Pattern.compile("Answer: .*\\[\\d+]").matcher(run.out()).results().count()).isEqualTo(questions);
    // the extractive answers are checked against the expected answers; most must be right
    Matcher m = Pattern.compile("== (\\d+) of (\\d+) answers contain the expected text").matcher(run.out());
    assertThat(m.find()).isTrue();
    assertThat(Integer.parseInt(m.group(2))).isEqualTo(questions);
    assertThat(Integer.parseInt(m.group(1))).as(run.out()).isGreaterThanOrEqualTo((int) questions - 2);
  }
}
