package dev.mode.indexer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.core.SourceDocument;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSONL, BEIR and SQuAD inputs: fields, metadata, and bad lines skipped with their line number. */
class JsonSourcesTest {
  @TempDir Path dir;

  final List<SourceDocument> docs = new ArrayList<>();
  final List<Skipped> skipped = new ArrayList<>();

  @Test
  void jsonlReadsFieldsAndSkipsBadLinesOnly() throws IOException {
    var bytes = new ByteArrayOutputStream();
    bytes.writeBytes(("\uFEFF{\"id\": \"a\", \"title\": \"Alpha\", \"text\": \"First text.\", "
        + "\"metadata\": {\"lang\": \"en\", \"year\": 2020, \"tags\": [\"x\"]}}\n").getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("{\"id\": \"b\", \"text\": \"Second\"\n".getBytes(StandardCharsets.UTF_8)); // line 2: truncated
    bytes.writeBytes("{\"id\": \"c\", \"text\": \"caf".getBytes(StandardCharsets.UTF_8));
    bytes.write(0xE9); // line 3: Latin-1 byte inside UTF-8
    bytes.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("\n[1, 2]\n".getBytes(StandardCharsets.UTF_8)); // line 4 blank, line 5 not an object
    bytes.writeBytes("{\"title\": \"no id\", \"text\": \"x\"}\n".getBytes(StandardCharsets.UTF_8)); // 6
    bytes.writeBytes("{\"id\": \"e\", \"text\": \"  \"}\n".getBytes(StandardCharsets.UTF_8)); // 7
    bytes.writeBytes("{\"id\": 7, \"text\": \"Numeric id, unicode ✓ text.\"}".getBytes(StandardCharsets.UTF_8));
    Path f = dir.resolve("docs.jsonl");
    Files.write(f, bytes.toByteArray());

    new JsonlSource(f).read(docs::add, skipped::add);
    assertThat(docs).extracting(SourceDocument::id).containsExactly("a", "7");
    SourceDocument a = docs.get(0);
    assertThat(a.title()).isEqualTo("Alpha");
    assertThat(a.text()).isEqualTo("First text.");
    assertThat(a.metadata()).containsEntry("lang", "en").containsEntry("year", "2020").containsEntry("tags", "[\"x\"]");
    assertThat(a.source()).endsWith("docs.jsonl#a");
    assertThat(a.contentType()).isEqualTo("application/x-ndjson");
    assertThat(a.modified()).isPositive();
    assertThat(docs.get(1).text()).contains("✓");
    assertThat(skipped).extracting(s -> s.source().substring(s.source().lastIndexOf(':') + 1) + " " + s.reason())
        .containsExactly("2 not valid JSON", "3 not valid UTF-8", "5 not a JSON object", "6 no id",
            "7 document e has no text");
  }

  /** A line that is valid JSON but past the parser's limits is not called invalid: the limit is named. */
  @Test
  void aLinePastTheParsersLimitsSaysSo() throws IOException {
    Path f = dir.resolve("deep.jsonl");
    Files.writeString(f, "{\"id\": \"a\", \"text\": \"Fine.\"}\n"
        + "{\"id\": \"deep\", \"text\": \"x\", \"metadata\": " + "{\"a\": ".repeat(2000) + "1" + "}".repeat(2000)
        + "}\n{\"id\": \"b\", \"text\": \"Also fine.\"}\n");
    new JsonlSource(f).read(docs::add, skipped::add);
    assertThat(docs).extracting(SourceDocument::id).containsExactly("a", "b");
    assertThat(skipped).singleElement().satisfies(s -> {
      assertThat(s.source()).endsWith("deep.jsonl:2");
      assertThat(s.reason()).startsWith("too large for the JSON reader: ").contains("nesting depth")
          .doesNotContain("\n");
    });
  }

  @Test
  void beirCorpusUsesUnderscoreIdsAndTitleOnlyDocuments() throws IOException {
    Files.writeString(dir.resolve("corpus.jsonl"), """
        {"_id": "1", "title": "Preliminary Report-International Algebraic Language", "text": ""}
        {"_id": "2", "title": "T", "text": "Body of two."}
        {"_id": "3", "title": "", "text": ""}
        """);
    JsonlSource.beir(dir).read(docs::add, skipped::add);
    assertThat(docs).extracting(SourceDocument::id).containsExactly("1", "2");
    assertThat(docs.get(0).text()).isEqualTo("Preliminary Report-International Algebraic Language");
    assertThat(docs.get(1).text()).isEqualTo("Body of two.");
    assertThat(skipped).extracting(Skipped::reason).containsExactly("document 3 has no text");
  }

  @Test
  void missingFilesAreReportedNotThrown() {
    new JsonlSource(dir.resolve("none.jsonl")).read(docs::add, skipped::add);
    new SquadSource(dir.resolve("none.json")).read(docs::add, skipped::add);
    assertThat(docs).isEmpty();
    assertThat(skipped).extracting(Skipped::reason).containsExactly("cannot read: no such file",
        "cannot read: no such file");
  }

  @Test
  void squadParagraphsAreDocuments() throws IOException {
    Files.writeString(dir.resolve("squad.json"), """
        {"version": "1.1", "data": [
          {"title": "Super_Bowl_50", "paragraphs": [
            {"context": "The Broncos won.", "qas": [{"id": "q1", "question": "Who won?", "answers": []}]},
            {"context": "  ", "qas": []},
            {"context": "It was held in Santa Clara.", "qas": []}]},
          {"title": "Empty", "paragraphs": null}]}
        """);
    new SquadSource(dir.resolve("squad.json")).read(docs::add, skipped::add);
    assertThat(docs).extracting(SourceDocument::id).containsExactly("squad.json:0-0", "squad.json:0-2");
    assertThat(docs.get(0).title()).isEqualTo("Super Bowl 50");
    assertThat(docs.get(0).metadata()).containsEntry("article", "Super Bowl 50");
    assertThat(docs.get(1).text()).isEqualTo("It was held in Santa Clara.");
    assertThat(skipped).extracting(Skipped::reason).containsExactly("paragraph has no context",
        "article has no paragraphs");
  }

  @Test
  void squadIdsNameTheirFileSoTwoFilesDoNotCollide() throws IOException {
    String squad = """
        {"data": [{"title": "T", "paragraphs": [{"context": "First paragraph.", "qas": []}]}]}
        """;
    Files.writeString(dir.resolve("train.json"), squad);
    Files.writeString(dir.resolve("dev.json"), squad);
    new SquadSource(dir.resolve("train.json")).read(docs::add, skipped::add);
    new SquadSource(dir.resolve("dev.json")).read(docs::add, skipped::add);
    new SquadSource(dir.resolve("dev.json"), "").read(docs::add, skipped::add);
    assertThat(docs).extracting(SourceDocument::id).containsExactly("train.json:0-0", "dev.json:0-0", "0-0");
    assertThat(docs.get(0).source()).endsWith("train.json#0-0");
    assertThat(skipped).isEmpty();
  }

  @Test
  void squadRejectsOtherJson() throws IOException {
    Files.writeString(dir.resolve("other.json"), "{\"rows\": []}");
    Files.writeString(dir.resolve("broken.json"), "{\"data\": [");
    new SquadSource(dir.resolve("other.json")).read(docs::add, skipped::add);
    new SquadSource(dir.resolve("broken.json")).read(docs::add, skipped::add);
    assertThat(skipped).extracting(Skipped::reason).containsExactly("not SQuAD JSON (no \"data\" array)",
        "not valid JSON");
  }

  @Test
  void realXquadFileGivesItsParagraphs() {
    Path xquad = Path.of("../../shared/datasets/xquad-en/xquad.en.json");
    if (!Files.exists(xquad)) {
      xquad = Path.of("../shared/datasets/xquad-en/xquad.en.json");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(xquad), "shared datasets present");
    new SquadSource(xquad).read(docs::add, skipped::add);
    assertThat(docs).hasSize(240);
    assertThat(skipped).isEmpty();
  }
}
