package dev.mode.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.OnnxEmbedder;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnnxEmbedderTest {

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @ParameterizedTest
  @EnumSource(EmbeddingModel.class)
  void embedsLikeASentenceModel(EmbeddingModel model) {
    try (var e = OnnxEmbedder.load(model, 2, 4)) {
      List<String> texts = List.of(
          "The cat sat on the mat.",
          "A kitten was sitting on the rug.",
          "Quarterly revenue rose by twelve percent due to strong cloud sales.",
          "Volcanic eruptions release sulfur dioxide into the stratosphere.",
          "Short.");
      List<float[]> batch = e.embedPassages(texts);
      assertThat(batch).hasSize(5);
      for (float[] v : batch) {
        assertThat(v).hasSize(model.dimension());
        assertThat(dot(v, v)).as("L2-normalised").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
      }
      // paraphrase above unrelated text
      assertThat(dot(batch.get(0), batch.get(1))).isGreaterThan(dot(batch.get(0), batch.get(2)) + 0.1);
      // Batch equals one by one. Not bit for bit: these int8 models quantize activations dynamically, with one
      // scale per tensor, so the other rows of a batch shift the scale slightly (measured cosine 0.987-0.999; the shortest, most padded text moves most).
      for (int i = 0; i < texts.size(); i++) {
        float[] single = e.embedPassages(List.of(texts.get(i))).get(0);
        assertThat(dot(single, batch.get(i))).isGreaterThan(0.98);
      }
      float[] again = e.embedPassages(texts).get(2);
      assertThat(again).containsExactly(batch.get(2));
      // a query finds its answer passage
      float[] q = e.embedQuery("what gas do volcanoes emit into the upper atmosphere?");
      int best = 0;
      for (int i = 1; i < batch.size(); i++) {
        if (dot(q, batch.get(i)) > dot(q, batch.get(best))) {
          best = i;
        }
      }
      assertThat(best).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(EmbeddingModel.class)
  void longInputIsTruncatedWithoutError(EmbeddingModel model) {
    try (var e = OnnxEmbedder.load(model, 1, 8)) {
      String longText = Stream.generate(() -> "lava flows across the basalt plain").limit(600).collect(Collectors.joining(" "));
      assertThat(e.tokenize(longText).size()).isGreaterThan(model.maxTokens());
      float[] v = e.embedPassages(List.of(longText)).get(0);
      assertThat(v).hasSize(model.dimension());
      // truncated: the same as the text cut well past the model's limit
      String cut = longText.substring(0, e.tokenize(longText).get(model.maxTokens() + 50).start());
      assertThat(dot(v, e.embedPassages(List.of(cut)).get(0))).isGreaterThan(0.9999);
    }
  }

  @ParameterizedTest
  @EnumSource(EmbeddingModel.class)
  void tokenSpansPointIntoTheText(EmbeddingModel model) {
    try (var e = OnnxEmbedder.load(model, 1, 8)) {
      String text = "Mount Etna erupted in 1669.";
      var spans = e.tokenize(text);
      assertThat(spans).isNotEmpty();
      assertThat(text.substring(spans.get(0).start(), spans.get(0).end())).isEqualToIgnoringCase("Mount");
      assertThat(spans.get(spans.size() - 1).end()).isEqualTo(text.length());
    }
  }

  /**
   * DJL's tokenizer factory asks the cloud instance-metadata service whether it runs on EC2 and, there, reports usage
   * to DJL, unless OPT_OUT_TRACKING is set: loading MODE's tokenizer opts out, and an application's own choice stands.
   */
  @Test
  void loadingTheTokenizerOptsOutOfDjlTelemetryUnlessTheApplicationChose() {
    Assumptions.assumeTrue(System.getenv("OPT_OUT_TRACKING") == null, "the environment already decides");
    String before = System.clearProperty("OPT_OUT_TRACKING");
    try {
      try (var e = OnnxEmbedder.load(EmbeddingModel.BGE_SMALL_EN_V15, 1, 4)) {
        assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
      }
      System.setProperty("OPT_OUT_TRACKING", "false");
      try (var e = OnnxEmbedder.load(EmbeddingModel.BGE_SMALL_EN_V15, 1, 4)) {
        assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("false");
      }
    } finally {
      if (before == null) {
        System.clearProperty("OPT_OUT_TRACKING");
      } else {
        System.setProperty("OPT_OUT_TRACKING", before);
      }
    }
  }
}
