package dev.mode.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.config.ConfigException;
import dev.mode.config.ModeConfig;
import dev.mode.core.ModeEngine;
import dev.mode.core.SearchRequest;
import dev.mode.indexer.Indexer;
import dev.mode.indexer.ProgressListener;
import dev.mode.indexer.ingest.FileTreeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ModeAutoConfigurationTest {
  @TempDir static Path dir;
  static Path index;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ModeAutoConfiguration.class));

  @BeforeAll
  static void buildIndex() throws IOException {
    Path corpus = dir.resolve("corpus");
    Files.createDirectories(corpus);
    Files.writeString(corpus.resolve("vesuvius.md"), "# Vesuvius\nMount Vesuvius buried Pompeii in 79 AD.");
    Files.writeString(corpus.resolve("bread.md"), "# Bread\nSourdough bread rises with a wild yeast starter.");
    Files.writeString(corpus.resolve("moon.md"), "# Moon\nApollo 11 landed on the Moon in July 1969.");
    index = dir.resolve("index");
    Indexer.builder().config(ModeConfig.defaults().withIndexDir(index))
        .source(new FileTreeSource(List.of(corpus), List.of(), List.of())).build().run(ProgressListener.NONE);
  }

  @Test
  void startsWithZeroConfigurationAndShippedDefaults() {
    runner.run(ctx -> {
      assertThat(ctx).hasNotFailed().hasSingleBean(ModeConfig.class);
      assertThat(ctx.getBean(ModeConfig.class)).isEqualTo(ModeConfig.defaults());
      // the engine is opened on first use, so an application without an index yet still starts
      assertThat(ctx.getBeanFactory().getBeanDefinition("modeEngine").isLazyInit()).isTrue();
    });
  }

  @Test
  void bindsModePropertiesUnderTheDocumentedKeys() {
    runner.withPropertyValues("mode.index.dir=" + index, "mode.gate.top-k=3", "mode.gate.policy=adaptive",
        "mode.retrieval.passages=7", "mode.server.api-keys=a,b", "mode.server.request-timeout=5s",
        "mode.decoder.temperature=0.5").run(ctx -> {
          ModeConfig c = ctx.getBean(ModeConfig.class);
          assertThat(c.index().dir()).isEqualTo(index);
          assertThat(c.gate().topK()).isEqualTo(3);
          assertThat(c.gate().policy()).isEqualTo("adaptive");
          assertThat(c.retrieval().passages()).isEqualTo(7);
          assertThat(c.server().apiKeys()).containsExactly("a", "b");
          assertThat(c.server().requestTimeout()).isEqualTo(Duration.ofSeconds(5));
          assertThat(c.decoder().temperature()).isEqualTo(0.5);
          assertThat(c.embedding()).isEqualTo(ModeConfig.defaults().embedding());
        });
  }

  /** Every key MODE understands (its defaults file lists them all) can be set as a {@code mode.*} property. */
  @Test
  void everyConfigurationKeyHasAProperty() throws IOException {
    var defaults = new java.util.Properties();
    try (var in = ModeConfig.class.getResourceAsStream("/mode-defaults.properties")) {
      defaults.load(in);
    }
    var values = new java.util.HashMap<String, String>();
    defaults.stringPropertyNames().forEach(k -> values.put("mode." + k,
        defaults.getProperty(k).isEmpty() ? "x" : defaults.getProperty(k))); // an empty value binds to nothing
    ModeProperties bound = new org.springframework.boot.context.properties.bind.Binder(
        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(values))
        .bind("mode", ModeProperties.class).get();
    assertThat(bound.toOverrides().keySet()).containsExactlyInAnyOrderElementsOf(defaults.stringPropertyNames());
  }

  @Test
  void givesAWorkingEngineOverTheConfiguredIndexClosedWithTheContext() {
    runner.withPropertyValues("mode.index.dir=" + index, "mode.gate.policy=exhaustive").run(ctx -> {
      ModeEngine engine = ctx.getBean(ModeEngine.class);
      var hits = engine.search(SearchRequest.of("sourdough starter")).hits();
      assertThat(hits).isNotEmpty();
      assertThat(hits.get(0).docId()).isEqualTo("bread.md");
      assertThat(engine.config().gate().policy()).isEqualTo("exhaustive");
      assertThat(((org.springframework.beans.factory.support.AbstractBeanDefinition) ctx.getBeanFactory()
          .getBeanDefinition("modeEngine")).getDestroyMethodNames()).containsExactly("close");
    });
  }

  @Test
  void rejectsAnInvalidValueWithMessageNamingTheKey() {
    runner.withPropertyValues("mode.gate.top-k=0").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(ConfigException.class)
          .hasMessageContaining("gate.top-k").hasMessageContaining("Spring property");
    });
  }

  /** A misspelt key is an error, as it is on the command line, not a setting silently ignored. */
  @Test
  void rejectsAnUnknownKey() {
    runner.withPropertyValues("mode.index.dir=" + index, "mode.gate.top-kk=3").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("mode.gate.top-kk");
    });
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnConfig() {
    ModeConfig own = ModeConfig.defaults().withIndexDir(index);
    runner.withPropertyValues("mode.gate.top-k=5").withBean(ModeConfig.class, () -> own).run(ctx -> {
      assertThat(ctx).hasSingleBean(ModeConfig.class);
      assertThat(ctx.getBean(ModeConfig.class)).isSameAs(own);
    });
  }

  /** An application's own ModeEngine bean, whatever its name, replaces the auto-configured one, which is not opened. */
  @Test
  void backsOffWhenTheApplicationDefinesItsOwnEngine() {
    runner.withPropertyValues("mode.index.dir=" + dir.resolve("not-an-index"))
        .withBean("myEngine", ModeEngine.class, () -> ModeEngine.open(index)).run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(ModeEngine.class).doesNotHaveBean("modeEngine");
          assertThat(ctx.getBean(ModeEngine.class).config().index().dir()).isEqualTo(index);
        });
  }

  /**
   * Before its index is built, an application starts if it gets the engine from an {@link ObjectProvider} when it
   * needs it; one that injects {@link ModeEngine} directly opens it at startup and fails, naming the missing index.
   */
  @Test
  void startsBeforeTheIndexExistsOnlyWhenTheEngineIsFetchedOnUse() {
    Path missing = dir.resolve("not-built-yet");
    runner.withPropertyValues("mode.index.dir=" + missing).withBean(FetchesOnUse.class).run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThatThrownBy(() -> ctx.getBean(FetchesOnUse.class).engine.getObject()).rootCause()
          .hasMessageContaining("no MODE index at " + missing);
    });
    runner.withPropertyValues("mode.index.dir=" + missing).withBean(InjectsEngine.class).run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("no MODE index at " + missing);
    });
  }

  static final class FetchesOnUse {
    final ObjectProvider<ModeEngine> engine;

    FetchesOnUse(ObjectProvider<ModeEngine> engine) {
      this.engine = engine;
    }
  }

  static final class InjectsEngine {
    InjectsEngine(ModeEngine engine) {}
  }
}
