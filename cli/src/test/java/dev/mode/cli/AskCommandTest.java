package dev.mode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.config.ConfigLoader;
import dev.mode.core.SourceDocument;
import dev.mode.indexer.Indexer;
import java.util.List;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code mode ask} end to end: a real index in a temporary directory, the real CLI entry point. */
class AskCommandTest {
  @TempDir static Path dir;
  private static Path index;

  /** What one run printed and returned. */

  private static final List<SourceDocument> DOCUMENTS = List.of(
      doc("etna", "Mount Etna", "Mount Etna is an active volcano on the east coast of Sicily. It is the tallest "
          + "active volcano in Europe outside the Caucasus."),
      doc("eiffel", "Eiffel Tower", "The Eiffel Tower is a wrought-iron lattice tower in Paris. It was completed in "
          + "1889 as the entrance to the World's Fair. The company of Gustave Eiffel designed and built it."),
      doc("photosynthesis", "Photosynthesis", "Photosynthesis is the process by which plants turn light into "
          + "chemical energy. It takes place in the chloroplasts."),
      doc("golden-gate", "Golden Gate Bridge", "The Golden Gate Bridge is a suspension bridge at San Francisco. It "
          + "opened in 1937."));

  private static SourceDocument doc(String id, String title, String text) {
    return new SourceDocument(id, title, text, "test:" + id, "text/plain", 0, Map.of());
  }

  @BeforeAll
  static void build() throws Exception {
    index = dir.resolve("index");
    var config = ConfigLoader.withDefaults().set("index.dir", index.toString(), "test")
        .set("experts.count", "2", "test").load();
    Indexer.builder().config(config).source((docs, skipped) -> DOCUMENTS.forEach(docs)).build()
        .run((stage, done, total) -> {});
  }

  private static CliRunner.Run run(String... args) {
    return CliRunner.run(args);
  }

  /** {@code mode bench stats} over this index prints its one-row table; a queries file without texts is refused. */
  @Test
  void benchStatsPrintsATableRow() throws Exception {
    Path queries = Files.writeString(dir.resolve("queries.jsonl"),
        "{\"_id\":\"1\",\"text\":\"active volcano Sicily\"}\n{\"_id\":\"2\",\"text\":\"suspension bridge\"}\n");
    CliRunner.Run r = run("bench", "stats", "--index", index.toString(), "--queries", queries.toString(),
        "--rounds", "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("| 2 | ").contains("x |");
    Path empty = Files.writeString(dir.resolve("empty.jsonl"), "{\"_id\":\"1\"}\n");
    CliRunner.Run bad = run("bench", "stats", "--index", index.toString(), "--queries", empty.toString());
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("no query with a \"text\"");
  }

  @Test
  void jsonIsOneObjectWithTheAnswerCitationsAndExperts() throws Exception {
    CliRunner.Run r = run("ask", "--index", index.toString(), "--json", "When", "was", "the", "Eiffel", "Tower", "completed?");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = JsonMapper.builder().build().readTree(r.out());
    assertThat(n.get("question").asString()).isEqualTo("When was the Eiffel Tower completed?");
    assertThat(n.get("text").asString()).contains("1889").containsPattern("\\[\\d+]");
    assertThat(n.get("shortAnswer").asString()).isEqualTo("1889");
    assertThat(n.get("generator").asString()).isEqualTo("extractive");
    assertThat(n.get("extractive").asBoolean()).isTrue();
    JsonNode cited = null;
    for (JsonNode c : n.get("citations")) {
      if (c.get("cited").asBoolean()) {
        cited = c;
        break;
      }
    }
    assertThat(cited).isNotNull();
    assertThat(cited.get("docId").asString()).isEqualTo("eiffel");
    assertThat(cited.get("end").asInt()).isGreaterThan(cited.get("start").asInt());
    JsonNode chosen = n.get("routing").get("chosen");
    assertThat(chosen.size()).isPositive();
    assertThat(chosen.get(0).get("probability").asDouble()).isBetween(0.0, 1.0);
    assertThat(n.get("timings").get("totalMs").asDouble()).isPositive();
  }

  @Test
  void textShowsTheAnswerShortAnswerExpertsAndCitedSources() {
    CliRunner.Run r = run("ask", "--index", index.toString(), "When was the Eiffel Tower completed?");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Answer:  ").contains("1889").contains("Short:   1889").contains("Experts: ")
        .contains("Sources (extractive answer):").contains("Eiffel Tower  (eiffel, chars ");
  }

  @Test
  void aDecoderModelAnswersWithOnlyMarkersOfItsContext() throws Exception {
    Path model = Files.createDirectories(dir.resolve("tiny-model"));
    var t = dev.mode.decoder.writer.MixtralSpec.tiny();
    dev.mode.decoder.writer.MixtralWriter.write(new dev.mode.decoder.writer.MixtralSpec(t.vocabSize(), t.hiddenSize(),
        t.intermediateSize(), t.numLayers(), t.numHeads(), t.numKvHeads(), t.numExperts(), t.expertsPerToken(), 1024,
        t.ropeTheta(), t.rmsNormEps()), 7, model, dev.mode.decoder.writer.WeightFormat.FP32);
    CliRunner.Run r = run("ask", "--index", index.toString(), "--model", model.toString(), "--set", "decoder.max-new-tokens=8",
        "--set", "decoder.provider=cpu", "--json", "When was the Eiffel Tower completed?");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = JsonMapper.builder().build().readTree(r.out());
    assertThat(n.get("generator").asString()).isEqualTo("onnx-moe");
    assertThat(n.get("extractive").asBoolean()).isFalse();
    assertThat(n.get("citations").size()).isPositive();
    var markers = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(n.get("text").asString());
    while (markers.find()) {
      assertThat(Integer.parseInt(markers.group(1))).isBetween(1, n.get("citations").size());
    }
  }

  @Test
  void anEmptyQuestionIsAUsageError() {
    CliRunner.Run r = run("ask", "--index", index.toString(), "  ");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("the question is empty");
    assertThat(r.out()).isEmpty();
    assertThat(run("ask", "--index", index.toString()).exitCode()).isEqualTo(2); // no question at all
    CliRunner.Run search = run("search", "--index", index.toString(), "  ");
    assertThat(search.exitCode()).as("search, as ask").isEqualTo(2);
    assertThat(search.err()).contains("the query is empty");
  }

  @Test
  void aMissingIndexIsAClearErrorWithoutAStackTrace() {
    Path missing = dir.resolve("no-such-index");
    CliRunner.Run r = run("ask", "--index", missing.toString(), "What is Etna?");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: ").contains("no MODE index at " + missing).contains("bin/mode index")
        .doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aBadModelDirectoryOrTemplateIsAClearError() throws Exception {
    CliRunner.Run model = run("ask", "--index", index.toString(), "--model", dir.resolve("no-model").toString(), "What is Etna?");
    assertThat(model.exitCode()).isEqualTo(1);
    assertThat(model.err()).startsWith("error: cannot open the decoder model at").doesNotContain("\tat ");

    Path template = Files.writeString(dir.resolve("template.txt"), "only {question}");
    CliRunner.Run bad = run("ask", "--index", index.toString(), "--set", "generator.prompt-template=" + template, "What is Etna?");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains(template.toString()).contains("{context}");
  }
}
