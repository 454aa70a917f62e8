package dev.mode.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.config.ModeConfig;
import dev.mode.core.Answer;
import dev.mode.core.AnswerListener;
import dev.mode.core.Cancellation;
import dev.mode.core.Citation;
import dev.mode.core.ModeEngine;
import dev.mode.core.Routing;
import dev.mode.core.SearchRequest;
import dev.mode.core.SourceDocument;
import dev.mode.decoder.writer.MixtralSpec;
import dev.mode.decoder.writer.MixtralWriter;
import dev.mode.decoder.writer.WeightFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link ModeEngine#ask} and {@link ModeEngine#askStreaming} over a real index built by the real indexer. */
class ModeEngineAskTest {
  @TempDir static Path dir;
  private static ModeConfig config;
  private static ModeEngine engine;

  @BeforeAll
  static void build() throws Exception {
    config = SmallCorpus.index(dir.resolve("index"));
    engine = ModeEngine.open(config);
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  private static SourceDocument document(String id) {
    return SmallCorpus.DOCUMENTS.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
  }

  private static Set<Integer> markers(String text) {
    Set<Integer> out = new TreeSet<>();
    Matcher m = Pattern.compile("\\[(\\d+)]").matcher(text);
    while (m.find()) {
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }

  @Test
  void answersWithCitationsThatPointIntoTheSourceDocuments() {
    Answer a = engine.ask("When was the Eiffel Tower completed?");
    assertThat(a.text()).contains("1889");
    assertThat(a.shortAnswer()).isEqualTo("1889");
    assertThat(a.generator()).isEqualTo("extractive");
    assertThat(a.extractive()).isTrue();
    assertThat(a.stopReason()).isEqualTo("complete");

    Set<Integer> cited = markers(a.text());
    assertThat(cited).isNotEmpty();
    assertThat(a.cited()).extracting(Citation::marker).containsExactlyElementsOf(cited);
    assertThat(a.citations()).extracting(Citation::marker)
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, a.citations().size()).boxed().toList());
    Citation first = a.cited().get(0);
    assertThat(first.docId()).isEqualTo("eiffel");
    assertThat(first.title()).isEqualTo("Eiffel Tower");
    assertThat(first.source()).isEqualTo("test:eiffel");
    String docText = document("eiffel").text();
    assertThat(docText.substring(first.start(), first.end()).replaceAll("\\s+", " "))
        .isEqualTo(first.text().replaceAll("\\s+", " "));

    Routing r = a.routing();
    assertThat(r.chosen()).isNotEmpty();
    assertThat(r.chosen()).allSatisfy(c -> assertThat(c.probability()).isBetween(0.0, 1.0));
    assertThat(r.chosen()).extracting(c -> c.expert()).contains(first.expert());
    assertThat(a.timings().totalMs()).isGreaterThanOrEqualTo(a.timings().generateMs());
  }

  @Test
  void streamsRoutingFirstThenPiecesThatMakeTheFinalText() {
    var listener = new RecordingListener();
    Answer a = engine.askStreaming(SearchRequest.of("Which towns did Vesuvius bury in 79 AD?"), listener,
        new Cancellation());
    List<String> events = listener.events;
    StringBuilder streamed = listener.streamed;
    assertThat(events.get(0)).isEqualTo("routing");
    assertThat(events.get(events.size() - 1)).isEqualTo("complete");
    assertThat(events).filteredOn("text"::equals).isNotEmpty();
    assertThat(streamed.toString()).isEqualTo(a.text());
    assertThat(listener.completed).isSameAs(a);
    assertThat(a.text()).contains("Pompeii");
  }

  @Test
  void aCancelledRequestStopsWithoutText() {
    var cancellation = new Cancellation();
    cancellation.cancel();
    Answer a = engine.askStreaming(SearchRequest.of("What is photosynthesis?"), new AnswerListener() {}, cancellation);
    assertThat(a.stopReason()).isEqualTo("cancelled");
    assertThat(a.text()).isEmpty();
    assertThat(a.cited()).isEmpty();
  }

  @Test
  void answersSerialiseToJsonWithEveryField() throws Exception {
    Answer a = engine.ask("What does the mitochondrion produce?");
    var json = JsonMapper.builder().build();
    JsonNode n = json.readTree(json.writeValueAsString(a));
    assertThat(n.propertyNames()).containsExactly("question", "text", "shortAnswer", "citations", "routing",
        "generator", "extractive", "stopReason", "timings");
    assertThat(n.get("citations").get(0).propertyNames()).containsExactly("marker", "docId", "title", "source",
        "passageId", "start", "end", "expert", "score", "text", "cited");
    assertThat(n.get("routing").get("chosen").get(0).propertyNames()).contains("expert", "probability", "label");
    assertThat(json.readValue(json.writeValueAsString(a), Answer.class)).isEqualTo(a);
  }

  @Test
  void anEmptyQuestionIsRejected() {
    assertThatThrownBy(() -> engine.ask("  ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void aDecoderModelAnswersThroughTheSameStreamingPath() throws Exception {
    Path model = dir.resolve("model");
    Files.createDirectories(model);
    MixtralSpec t = MixtralSpec.tiny();
    MixtralWriter.write(new MixtralSpec(t.vocabSize(), t.hiddenSize(), t.intermediateSize(), t.numLayers(),
        t.numHeads(), t.numKvHeads(), t.numExperts(), t.expertsPerToken(), 1024, t.ropeTheta(), t.rmsNormEps()), 7,
        model, WeightFormat.FP32);
    // decoder.model-dir is all it takes: ModeEngine.open picks the decoder from the configuration
    var withDecoder = new ModeConfig(config.index(), config.embedding(), config.chunking(), config.experts(),
        config.gate(), config.retrieval(), config.generator(),
        new ModeConfig.Decoder(java.util.Optional.of(model), "cpu", 1, "all", 8, 0), config.server());
    try (ModeEngine withModel = ModeEngine.open(withDecoder)) {
      var listener = new RecordingListener();
      Answer a = withModel.askStreaming(SearchRequest.of("When was the Eiffel Tower completed?"), listener,
          new Cancellation());
      List<String> events = listener.events;
      StringBuilder streamed = listener.streamed;
      assertThat(events.get(0)).isEqualTo("routing");
      assertThat(streamed.toString()).isEqualTo(a.text());
      assertThat(a.generator()).isEqualTo("onnx-moe");
      assertThat(a.extractive()).isFalse();
      assertThat(a.citations()).isNotEmpty(); // the prompt's context, trimmed to the 1024-token window
      Set<Integer> given = new TreeSet<>(a.citations().stream().map(Citation::marker).toList());
      assertThat(given).containsAll(markers(a.text()));
    }
  }

  /** Records what a streaming ask reports, in order. */
  private static final class RecordingListener implements AnswerListener {
    final List<String> events = new ArrayList<>();
    final StringBuilder streamed = new StringBuilder();
    Answer completed;

    @Override
    public void onRouting(Routing routing) {
      events.add("routing");
    }

    @Override
    public void onText(String delta) {
      events.add("text");
      streamed.append(delta);
    }

    @Override
    public void onComplete(Answer answer) {
      events.add("complete");
      completed = answer;
    }
  }
}
