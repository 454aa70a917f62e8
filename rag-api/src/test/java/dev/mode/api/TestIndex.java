package dev.mode.api;

import dev.mode.config.ConfigLoader;
import dev.mode.config.ModeConfig;
import dev.mode.indexer.Indexer;
import dev.mode.indexer.ProgressListener;
import dev.mode.indexer.ingest.FileTreeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/** A small real corpus and index for the API tests, built with the real indexer. */
final class TestIndex {
  private TestIndex() {}

  static final Map<String, String> DOCS = Map.of(
      "volcanoes/vesuvius.md", "# Mount Vesuvius\nMount Vesuvius erupted in 79 AD and buried the Roman cities of "
          + "Pompeii and Herculaneum under ash and pumice. Pliny the Younger described the eruption in letters.",
      "volcanoes/krakatoa.md", "# Krakatoa\nThe 1883 eruption of Krakatoa in Indonesia was heard thousands of "
          + "kilometres away and cooled the global climate for years.",
      "volcanoes/mauna-loa.txt", "Mauna Loa on Hawaii is the largest active shield volcano on Earth. Its lava "
          + "flows are basaltic and fluid.",
      "cooking/bread.md", "# Sourdough bread\nSourdough bread rises with a starter of wild yeast and lactic acid "
          + "bacteria. Bake it in a hot Dutch oven for a crisp crust.",
      "cooking/risotto.md", "# Risotto\nRisotto is made with arborio rice, toasted and then cooked slowly while "
          + "hot stock is added a ladle at a time and stirred.",
      "cooking/cheese.txt", "Cheesemaking uses rennet to curdle milk; the curds are cut, drained, salted and aged.",
      "space/moon.md", "# The Moon\nApollo 11 landed on the Moon in July 1969. Neil Armstrong and Buzz Aldrin "
          + "walked on the lunar surface.",
      "space/mars.md", "# Mars\nOlympus Mons on Mars is the tallest volcano in the solar system, a shield volcano "
          + "nearly 22 kilometres high.");

  /** Writes the corpus under {@code dir}/corpus and returns that directory. */
  static Path writeCorpus(Path dir) throws IOException {
    Path corpus = dir.resolve("corpus");
    for (var e : DOCS.entrySet()) {
      Path f = corpus.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue());
    }
    return corpus;
  }

  /** The configuration of the test server: index under {@code dir}, any free port, the given overrides. */
  static ModeConfig config(Path dir, Map<String, String> overrides) {
    return ConfigLoader.withDefaults().set("index.dir", dir.resolve("index").toString(), "test")
        .set("experts.count", "3", "test").set("server.port", "0", "test").overrides(overrides, "test").load();
  }

  /** Writes the corpus under {@code dir}, builds its index and starts a server over it on a free port. */
  static ConfigurableApplicationContext serve(Path dir, Map<String, String> overrides) throws IOException {
    ModeConfig config = config(dir, overrides);
    build(config, writeCorpus(dir));
    return ModeServer.start(config);
  }

  /** The base URL of a server started by {@link #serve}. */
  static String baseUrl(ConfigurableApplicationContext server) {
    return "http://127.0.0.1:" + ModeServer.port(server);
  }

  /** Builds the index from the corpus with the real indexer. */
  static void build(ModeConfig config, Path corpus) throws IOException {
    Indexer.builder().config(config).source(new FileTreeSource(List.of(corpus), List.of(), List.of())).build()
        .run(ProgressListener.NONE);
  }
}
