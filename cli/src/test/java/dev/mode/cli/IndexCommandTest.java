package dev.mode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mode index} and {@code mode experts}: exit codes, messages, and what goes to stdout and stderr. */
class IndexCommandTest {
  @TempDir Path dir;

  static CliRunner.Run mode(String... args) {
    return CliRunner.run(args);
  }

  /** {@code args} with the small model and small passages, to keep the test quick. */
  static String[] fast(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--set", "embedding.model=all-minilm-l6-v2", "--set", "chunking.max-tokens=64",
        "--set", "chunking.overlap-tokens=8"));
    return all.toArray(String[]::new);
  }

  Path corpus() throws IOException {
    Path f = dir.resolve("docs.jsonl");
    Files.writeString(f, """
        {"id": "v1", "title": "Vesuvius", "text": "Mount Vesuvius erupted in 79 AD and buried Pompeii in ash."}
        {"id": "v2", "title": "Etna", "text": "Etna is an active volcano in Sicily with frequent lava flows."}
        {"id": "f1", "title": "Rates", "text": "The central bank raised interest rates to slow inflation."}
        {"id": "f2", "title": "Revenue", "text": "Quarterly revenue rose on strong cloud sales."}
        {"id": "v1", "title": "Duplicate", "text": "A second document with the id v1."}
        not json
        """);
    return f;
  }

  @Test
  void indexThenListExpertsThenChangeTheIndex() throws IOException {
    String index = dir.resolve("index").toString();
    CliRunner.Run built = mode(fast("index", "--input", corpus().toString(), "--index", index, "--experts", "2"));
    assertThat(built.exitCode()).as(built.err()).isZero();
    assertThat(built.out()).contains("indexed 4 documents as 4 passages into 2 experts")
        .contains("skipped 2: {duplicate id=1, not valid JSON=1}").contains("docs.jsonl:6: not valid JSON");
    assertThat(built.err()).contains("embed: 4/4").doesNotContain("Exception");

    CliRunner.Run experts = mode("experts", "--index", index);
    assertThat(experts.exitCode()).isZero();
    assertThat(experts.out()).contains("generation 1, 4 documents, 4 passages, model all-minilm-l6-v2")
        .contains("label").contains("top terms");
    assertThat(experts.out().lines().count()).isEqualTo(4);
    CliRunner.Run expertsJson = mode("experts", "--index", index, "--json");
    assertThat(expertsJson.exitCode()).isZero();
    assertThat(expertsJson.out()).contains("\"generation\" : 1").contains("\"topTerms\"");

    Path more = dir.resolve("more.jsonl");
    Files.writeString(more, "{\"id\": \"v3\", \"title\": \"Krakatoa\", \"text\": \"Krakatoa exploded in 1883.\"}\n");
    CliRunner.Run added = mode(fast("index", "--add", "--input", more.toString(), "--index", index));
    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(added.out()).contains("added 1 documents as 1 passages (0 old passages replaced)")
        .contains("index: 5 passages, 1 added since the experts were clustered");

    CliRunner.Run deleted = mode("index", "--delete", "f2", "--index", index);
    assertThat(deleted.exitCode()).isZero();
    assertThat(deleted.out()).contains("deleted 1 passages");
    CliRunner.Run missing = mode("index", "--delete", "v1", "--delete", "nope", "--index", index);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).contains("deleted 1 passages");
    assertThat(missing.err()).contains("error: not in the index: nope");

    CliRunner.Run noDrift = mode("index", "rebalance", "--index", index, "--set", "experts.rebalance-threshold=0.9");
    assertThat(noDrift.exitCode()).as(noDrift.err()).isZero();
    assertThat(noDrift.out()).startsWith("not rebalanced: no drift");
    CliRunner.Run forced = mode("index", "rebalance", "--force", "--index", index);
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).startsWith("rebalanced: forced").contains("expert sizes after:");
    assertThat(mode("experts", "--index", index).out()).contains("generation 5, 3 documents, 3 passages");
  }

  @Test
  void usageErrorsExitTwo() {
    CliRunner.Run none = mode("index", "--index", dir.toString());
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("missing --input PATH");
    CliRunner.Run format = mode("index", "--input", dir.toString(), "--format", "xml");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("unknown --format 'xml'");
    CliRunner.Run mixed = mode("index", "--delete", "x", "--input", dir.toString());
    assertThat(mixed.exitCode()).isEqualTo(2);
    assertThat(mixed.err()).contains("--delete takes no --input");
  }

  @Test
  void badInputsAreOneLineErrorsWithExitOne() throws IOException {
    CliRunner.Run missing = mode("index", "--input", dir.resolve("nope").toString(), "--index", dir.resolve("i").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("error: no document could be indexed: 1 input(s) skipped, e.g. ")
        .contains("does not exist").doesNotContain("\tat ");
    assertThat(dir.resolve("i/CURRENT")).doesNotExist();

    CliRunner.Run noIndex = mode("experts", "--index", dir.resolve("empty").toString());
    assertThat(noIndex.exitCode()).isEqualTo(1);
    assertThat(noIndex.err()).contains("no MODE index at").doesNotContain("\tat ");
    CliRunner.Run deleteNoIndex = mode("index", "--delete", "x", "--index", dir.resolve("empty").toString());
    assertThat(deleteNoIndex.exitCode()).isEqualTo(1);
    assertThat(deleteNoIndex.err()).contains("no MODE index at");
  }
}
