package dev.mode.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void defaultsLoadAndAreValid() {
    ModeConfig c = ModeConfig.defaults();
    assertThat(c.embedding().model()).isEqualTo("bge-small-en-v1.5");
    assertThat(c.gate().topK()).isEqualTo(2);
    assertThat(c.decoder().modelDir()).isEmpty();
    assertThat(c.server().requestTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void laterSourcesWin(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("mode.properties");
    Files.writeString(file, "gate.top-k=3\nretrieval.passages=7\nchunking.max-tokens=128\n");
    ModeConfig c = ConfigLoader.withDefaults()
        .file(file)
        .environment(Map.of("MODE_GATE_TOP_K", "4", "MODE_RETRIEVAL_RRF_K", "30", "MODE_SOMETHING_ELSE", "x"))
        .overrides(Map.of("gate.top-k", "5"), "command line")
        .load();
    assertThat(c.gate().topK()).as("CLI beats env beats file").isEqualTo(5);
    assertThat(c.retrieval().rrfK()).as("env beats defaults").isEqualTo(30);
    assertThat(c.retrieval().passages()).as("file beats defaults").isEqualTo(7);
    assertThat(c.chunking().maxTokens()).isEqualTo(128);
    assertThat(c.embedding().batchSize()).as("untouched default").isEqualTo(32);
  }

  @Test
  void badValueNamesKeyValueSourceAndAllowed() {
    assertThatThrownBy(() -> ConfigLoader.withDefaults()
        .environment(Map.of("MODE_GATE_TOP_K", "lots")).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gate.top-k")
        .hasMessageContaining("'lots'")
        .hasMessageContaining("MODE_GATE_TOP_K")
        .hasMessageContaining("integer 1..1024");
    assertThatThrownBy(() -> ConfigLoader.withDefaults().set("embedding.model", "gpt", "command line").load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bge-small-en-v1.5 | all-minilm-l6-v2");
    assertThatThrownBy(() -> ConfigLoader.withDefaults().set("server.request-timeout", "-3s", "command line").load())
        .hasMessageContaining("server.request-timeout");
  }

  @Test
  void crossFieldRuleIsChecked() {
    assertThatThrownBy(() -> ConfigLoader.withDefaults()
        .set("chunking.max-tokens", "64", "cli").set("chunking.overlap-tokens", "40", "cli").load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("chunking.overlap-tokens")
        .hasMessageContaining("half of chunking.max-tokens");
  }

  @Test
  void unknownKeysAreRejectedInFilesAndFlags(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("bad.properties");
    Files.writeString(file, "gate.topk=3\n");
    assertThatThrownBy(() -> ConfigLoader.withDefaults().file(file))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown configuration key 'gate.topk'");
    assertThatThrownBy(() -> ConfigLoader.withDefaults().file(tmp.resolve("missing.properties")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
  }

  @Test
  void defaultsFileHasExactlyTheRegisteredKeys() {
    assertThat(ConfigLoader.defaults().keySet())
        .containsExactlyInAnyOrderElementsOf(ConfigKeys.ALL.stream().map(ConfigKey::name).toList());
  }

  /** docs/configuration.md must show the table the code renders; regenerate with -Dmode.regenerateDocs=true. */
  @Test
  void referenceTableInDocsMatchesCode() throws Exception {
    Path doc = Path.of("..", "docs", "configuration.md");
    String table = ConfigKeys.referenceTable();
    String begin = "<!-- BEGIN GENERATED KEYS -->\n";
    String end = "<!-- END GENERATED KEYS -->";
    String text = Files.readString(doc);
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    assertThat(b).as("markers in " + doc).isGreaterThanOrEqualTo(0);
    String current = text.substring(b + begin.length(), e);
    if (Boolean.getBoolean("mode.regenerateDocs") && !current.equals(table)) {
      Files.writeString(doc, text.substring(0, b + begin.length()) + table + text.substring(e));
      current = table;
    }
    assertThat(current).as("docs/configuration.md is stale; run mvn -pl config test -Dmode.regenerateDocs=true")
        .isEqualTo(table);
  }
}
