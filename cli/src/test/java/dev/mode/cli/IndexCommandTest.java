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
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err()).contains("error: not in the index: nope; nothing was deleted");
    assertThat(mode("experts", "--index", index).out()).as("all or nothing: v1 is still there")
        .contains("generation 3, 4 documents, 4 passages");
    CliRunner.Run deletedV1 = mode("index", "--delete", "v1", "--index", index);
    assertThat(deletedV1.exitCode()).isZero();
    assertThat(deletedV1.out()).contains("deleted 1 passages");

    CliRunner.Run noDrift = mode("index", "rebalance", "--index", index, "--set", "experts.rebalance-threshold=0.9");
    assertThat(noDrift.exitCode()).as(noDrift.err()).isZero();
    assertThat(noDrift.out()).startsWith("not rebalanced: no drift");
    CliRunner.Run forced = mode("index", "rebalance", "--force", "--index", index);
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).startsWith("rebalanced: forced").contains("expert sizes after:");
    assertThat(mode("experts", "--index", index).out()).contains("generation 5, 3 documents, 3 passages");
  }

  @Test
  void theSkipSummaryCountsInputsByKindOfReason() {
    assertThat(IndexCommand.reasonKind("text cannot be decoded (wrong encoding or binary content, text/plain; "
        + "charset=UTF-16LE)")).isEqualTo("text cannot be decoded");
    assertThat(IndexCommand.reasonKind("text too long (over 10,000,000 characters, the limit of "
        + "chunking.max-document-chars)")).isEqualTo("text too long");
    assertThat(IndexCommand.reasonKind("no text could be extracted (application/pdf)"))
        .isEqualTo("no text could be extracted");
    assertThat(IndexCommand.reasonKind("document j5 has no text")).isEqualTo("document has no text");
    assertThat(IndexCommand.reasonKind("this file is already indexed as a/b.md, not b.md (ids are paths ...)"))
        .isEqualTo("this file is already indexed under another id");
    assertThat(IndexCommand.reasonKind("cannot parse: " + "x".repeat(200))).hasSize(80).endsWith("...");
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
    CliRunner.Run glob = mode("index", "--input", dir.toString(), "--include", "*.md", "--exclude", "[a-",
        "--index", dir.resolve("i").toString());
    assertThat(glob.exitCode()).isEqualTo(2);
    assertThat(glob.err().lines().findFirst().orElseThrow()).startsWith("invalid glob '[a-': Missing")
        .endsWith("at position 4");
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

  @Test
  void aDamagedManifestIsNamedInOneLine() throws IOException {
    String index = dir.resolve("index").toString();
    assertThat(mode(fast("index", "--input", corpus().toString(), "--index", index)).exitCode()).isZero();
    Files.writeString(dir.resolve("index/gen-000001/manifest.json"), "{broken");
    for (String[] args : List.of(new String[] {"experts", "--index", index},
        new String[] {"search", "--index", index, "volcano"}, new String[] {"index", "--delete", "v1", "--index", index})) {
      CliRunner.Run run = mode(args);
      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(run.err()).as(String.join(" ", args)).startsWith("error: ").contains("is not a valid manifest: ")
          .doesNotContain("REDACTED").endsWith("\n").hasLineCount(1);
    }
  }

  @Test
  void anIndexPathThatIsAFileIsNamedBeforeAnythingIsRead() throws IOException {
    Path file = Files.writeString(dir.resolve("index.txt"), "not an index");
    String input = corpus().toString();
    List<String[]> commands = List.of(
        new String[] {"index", "--input", input, "--index", file.toString()},
        new String[] {"index", "--add", "--input", input, "--index", file.toString()},
        new String[] {"index", "--delete", "v1", "--index", file.toString()},
        new String[] {"index", "rebalance", "--force", "--index", file.toString()});
    for (String[] args : commands) {
      CliRunner.Run run = mode(fast(args));
      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(run.err()).as(String.join(" ", args))
          .isEqualTo("error: --index " + file + " is a file, not a directory\n");
    }
    CliRunner.Run fromConfig = mode(fast("index", "--input", input, "--set", "index.dir=" + file));
    assertThat(fromConfig.err()).isEqualTo("error: index.dir " + file + " is a file, not a directory\n");
    // an index directory that cannot be created fails as early, not after the corpus is embedded
    CliRunner.Run under = mode(fast("index", "--input", input, "--index", file.resolve("index").toString()));
    assertThat(under.exitCode()).isEqualTo(1);
    assertThat(under.err()).isEqualTo("error: the index directory " + file.resolve("index") + " cannot be created: "
        + file + " is a file, not a directory\n");
  }

  @Test
  void oneDocumentWithAHugeIdOrMetadataValueIsSkippedOrIndexedNotFatal() throws IOException {
    Path input = dir.resolve("longmeta.jsonl");
    Files.writeString(input, "{\"id\": \"a\", \"text\": \"Mount Vesuvius erupted in 79 AD.\"}\n"
        + "{\"id\": \"b\", \"text\": \"Etna is a volcano.\", \"metadata\": {\"note\": \"" + "n".repeat(40_000)
        + "\"}}\n{\"id\": \"" + "i".repeat(40_000) + "\", \"text\": \"A document with a very long id.\"}\n");
    String index = dir.resolve("index").toString();
    CliRunner.Run run = mode(fast("index", "--input", input.toString(), "--index", index));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("indexed 2 documents")
        .contains("skipped 1: {id too long=1}").contains(": id too long (40,000 bytes in UTF-8, at most 32,000)")
        .doesNotContain("i".repeat(1000));
  }

  @Test
  void addWithNothingIndexableFailsAndKeepsTheGeneration() throws IOException {
    String index = dir.resolve("index").toString();
    assertThat(mode(fast("index", "--input", corpus().toString(), "--index", index)).exitCode()).isZero();
    Path ctl = dir.resolve("ctl.jsonl");
    Files.writeString(ctl, "{\"id\":\"ctl\",\"text\":\"\\u0007\\u0008\\u0001\"}\n");
    CliRunner.Run add = mode(fast("index", "--add", "--input", ctl.toString(), "--index", index));
    assertThat(add.exitCode()).isEqualTo(1);
    assertThat(add.err()).contains("error: no document could be indexed: none has text the model can read")
        .doesNotContain("\tat ");
    assertThat(mode("experts", "--index", index).out()).contains("generation 1,");
    assertThat(dir.resolve("index/gen-000002")).doesNotExist();
  }

  @Test
  void addingAFileFromInsideTheTreeNeedsTheIdRoot() throws IOException {
    Path corpus = dir.resolve("corpus");
    Path caramel = Files.createDirectories(corpus.resolve("cooking")).resolve("caramelization.md");
    Files.writeString(caramel, "# Caramelization\n\nSugar browns when heated, giving caramel its flavour.");
    Files.writeString(Files.createDirectories(corpus.resolve("volcanoes")).resolve("etna.md"),
        "# Etna\n\nEtna is an active volcano on Sicily.");
    String index = dir.resolve("index").toString();
    assertThat(mode(fast("index", "--input", corpus.toString(), "--index", index)).exitCode()).isZero();

    CliRunner.Run renamed = mode(fast("index", "--add", "--input", caramel.toString(), "--index", index));
    assertThat(renamed.exitCode()).isEqualTo(1);
    assertThat(renamed.err()).contains("this file is already indexed as cooking/caramelization.md, not "
        + "caramelization.md");
    CliRunner.Run rooted = mode(fast("index", "--add", "--input", caramel.toString(), "--id-root", corpus.toString(),
        "--index", index));
    assertThat(rooted.exitCode()).as(rooted.err()).isZero();
    assertThat(rooted.out()).contains("added 1 documents as 1 passages (1 old passages replaced)");
    assertThat(mode("experts", "--index", index).out()).contains("2 documents, 2 passages");

    CliRunner.Run badRoot = mode(fast("index", "--add", "--input", caramel.toString(), "--id-root",
        dir.resolve("nope").toString(), "--index", index));
    assertThat(badRoot.exitCode()).isEqualTo(2);
    assertThat(badRoot.err()).contains("--id-root " + dir.resolve("nope") + " is not a directory");
  }

  @Test
  void rebalanceMakesNoMoreExpertsThanDocuments() throws IOException {
    Path two = dir.resolve("two.jsonl");
    Files.writeString(two, """
        {"id": "a", "text": "Mount Vesuvius erupted in 79 AD."}
        {"id": "b", "text": "The central bank raised interest rates."}
        """);
    String index = dir.resolve("index").toString();
    assertThat(mode(fast("index", "--input", two.toString(), "--index", index)).exitCode()).isZero();
    CliRunner.Run r = mode(fast("index", "rebalance", "--force", "--experts", "5", "--index", index));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("expert sizes after:  [1, 1]");
  }
}
