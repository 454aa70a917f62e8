package dev.mode.core.answer;

import static dev.mode.core.answer.Hits.hit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.config.ModeConfig;
import dev.mode.core.Cancellation;
import dev.mode.core.Hit;
import dev.mode.core.ModeException;
import dev.mode.decoder.writer.MixtralSpec;
import dev.mode.decoder.writer.MixtralWriter;
import dev.mode.decoder.writer.WeightFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decoder-backed generator over a tiny random Mixtral the project writes itself (byte-level tokenizer). */
class DecoderGeneratorTest {
  private static final int WINDOW = 512;
  private static final int MAX_NEW = 12;
  @TempDir static Path dir;
  private static DecoderGenerator generator;

  @BeforeAll
  static void writeModel() {
    var tiny = MixtralSpec.tiny();
    var spec = new MixtralSpec(tiny.vocabSize(), tiny.hiddenSize(), tiny.intermediateSize(), tiny.numLayers(),
        tiny.numHeads(), tiny.numKvHeads(), tiny.numExperts(), tiny.expertsPerToken(), WINDOW, tiny.ropeTheta(),
        tiny.rmsNormEps());
    MixtralWriter.write(spec, 7, dir, WeightFormat.FP32);
    generator = DecoderGenerator.open(dir, new ModeConfig.Decoder(Optional.of(dir), "cpu", 1, "all", MAX_NEW, 0));
  }

  @AfterAll
  static void close() {
    generator.close();
  }

  private static List<Hit> hits(int n) {
    List<Hit> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(hit("doc" + i, 0, ("Passage " + i + " says something about topic " + i + ". ").repeat(4)));
    }
    return out;
  }

  @Test
  void rendersThroughTheChatTemplateAndStreamsPiecesThatMakeTheText() {
    assertThat(generator.chat()).isTrue();
    assertThat(generator.promptBudget()).isEqualTo(WINDOW - MAX_NEW);
    var fitter = new PromptFitter(new PromptTemplate("{context}\nQ: {question}\nA:"), generator, 1536);
    GenerationInput input = fitter.fit("What is topic 1?", new float[0], hits(2));
    List<String> pieces = new ArrayList<>();
    GeneratedText out = generator.generate(input, pieces::add, new Cancellation());
    assertThat(String.join("", pieces)).isEqualTo(out.text());
    assertThat(out.tokens()).isBetween(1, MAX_NEW);
    assertThat(out.stopReason()).isIn("complete", "max_tokens");
    // whatever the random model wrote, every marker left names a passage of the context
    Matcher m = Pattern.compile("\\[\\s*(\\d+)(?:\\s*,\\s*\\d+)*\\s*]").matcher(out.text());
    while (m.find()) {
      assertThat(Integer.parseInt(m.group(1))).isBetween(1, input.context().size());
    }
    assertThat(out.shortAnswer()).doesNotContain("[1]");
  }

  /** With a temperature, each call samples anew; greedy decoding (temperature 0) is the same every time. */
  @Test
  void samplingDrawsAfreshOnEveryCall() {
    try (var sampling = DecoderGenerator.open(dir, new ModeConfig.Decoder(Optional.of(dir), "cpu", 1, "all", MAX_NEW,
        1.0))) {
      GenerationInput input = new PromptFitter(PromptTemplate.defaults(), sampling, 1536).fit("What is topic 1?",
          new float[0], hits(2));
      var texts = new java.util.HashSet<String>();
      for (int i = 0; i < 4; i++) {
        texts.add(sampling.generate(input, t -> {}, new Cancellation()).text());
      }
      assertThat(texts).as("four samples of a random model").hasSizeGreaterThan(1);
      var greedy = new java.util.HashSet<String>();
      for (int i = 0; i < 2; i++) {
        greedy.add(generator.generate(input, t -> {}, new Cancellation()).text());
      }
      assertThat(greedy).hasSize(1);
    }
  }

  @Test
  void trimsContextToTheWindowInsteadOfFailing() {
    var fitter = new PromptFitter(PromptTemplate.defaults(), generator, 100_000);
    GenerationInput input = fitter.fit("What is topic 3?", new float[0], hits(12));
    assertThat(input.context()).isNotEmpty().hasSizeLessThan(12);
    assertThat(generator.promptTokens(input.prompt())).isLessThanOrEqualTo(generator.promptBudget());
    assertThat(input.context()).extracting(ContextPassage::marker)
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, input.context().size()).boxed().toList());
    GeneratedText out = generator.generate(input, s -> {}, new Cancellation());
    assertThat(out.stopReason()).isIn("complete", "max_tokens");
  }

  @Test
  void aQuestionLongerThanTheWindowIsAClearError() {
    var fitter = new PromptFitter(PromptTemplate.defaults(), generator, 1536);
    assertThatThrownBy(() -> fitter.fit("why ".repeat(400) + "?", new float[0], hits(1)))
        .isInstanceOf(ModeException.class).hasMessageContaining("shorten the question");
  }

  /**
   * A model whose chat template the renderer cannot handle (Qwen3's reverses the messages with a slice, which
   * Jinjava cannot parse) still answers, without the template, and says so; one without a template says nothing.
   */
  @Test
  void aChatTemplateThatCannotBeRenderedIsReported(@TempDir Path tmp) throws Exception {
    var json = tools.jackson.databind.json.JsonMapper.builder().build();
    Map<String, String> logged = new java.util.LinkedHashMap<>();
    for (String template : new String[] {"{%- for m in messages[::-1] %}{{ m.content }}{% endfor %}", null}) {
      Path model = tmp.resolve(template == null ? "none" : "unrenderable");
      MixtralWriter.write(MixtralSpec.tiny(), 7, model, WeightFormat.FP32);
      Path config = model.resolve("tokenizer_config.json");
      var tc = (tools.jackson.databind.node.ObjectNode) json.readTree(config.toFile());
      if (template == null) {
        tc.remove("chat_template");
      } else {
        tc.put("chat_template", template);
      }
      Files.writeString(config, json.writeValueAsString(tc));
      PrintStream err = System.err;
      var captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try (var g = DecoderGenerator.open(model, new ModeConfig.Decoder(Optional.of(model), "cpu", 1, "all", 4, 0))) {
        assertThat(g.chat()).isFalse();
        assertThat(g.generate(new GenerationInput("q", new float[0], List.of(), "Q: q\nA:"), s -> {}, new Cancellation())
            .tokens()).isPositive();
      } finally {
        System.setErr(err);
      }
      logged.put(model.getFileName().toString(), captured.toString(StandardCharsets.UTF_8));
    }
    assertThat(logged.get("unrenderable")).contains("chat template").contains("messages[::-1]");
    assertThat(logged.get("none")).doesNotContain("chat template");
  }

  @Test
  void cancellationStopsDecoding() {
    var fitter = new PromptFitter(new PromptTemplate("{context}\nQ: {question}\nA:"), generator, 1536);
    GenerationInput input = fitter.fit("What is topic 1?", new float[0], hits(1));
    var cancellation = new Cancellation();
    List<String> pieces = new ArrayList<>();
    GeneratedText out = generator.generate(input, p -> {
      pieces.add(p);
      cancellation.cancel();
    }, cancellation);
    // greedy decoding of a fixed seed: this model writes more than one piece, so there is something to cancel
    assertThat(pieces).hasSize(1);
    assertThat(out.stopReason()).isEqualTo("cancelled");
    assertThat(out.tokens()).isLessThan(MAX_NEW);
  }
}
