package dev.mode.indexer;

import dev.mode.config.ConfigLoader;
import dev.mode.config.ModeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small three-topic corpus as JSONL, and test configurations (the small, fast embedding model). */
final class TestCorpus {
  private TestCorpus() {}

  static final List<String[]> DOCS = List.of(
      new String[] {"v1", "Vesuvius", "Mount Vesuvius erupted in 79 AD. Its ash buried the Roman city of Pompeii."},
      new String[] {"v2", "Etna", "Etna is an active stratovolcano on Sicily. Lava flows from its craters every few years."},
      new String[] {"v3", "Krakatoa", "The 1883 eruption of Krakatoa was heard thousands of kilometres away."},
      new String[] {"v4", "Tambora", "Tambora's 1815 eruption caused the year without a summer in Europe."},
      new String[] {"v5", "Volcanic ash", "Volcanic ash clouds ground aircraft because ash melts inside jet engines."},
      new String[] {"v6", "Lava", "Basaltic lava is runny; rhyolitic lava is thick and traps gas, causing explosions."},
      new String[] {"f1", "Interest rates", "The central bank raised interest rates to slow inflation."},
      new String[] {"f2", "Revenue", "Quarterly revenue rose twelve percent on strong cloud sales."},
      new String[] {"f3", "Bonds", "Bond yields fall when investors seek safety during a recession."},
      new String[] {"f4", "Stocks", "The stock market index closed higher as bank shares rallied."},
      new String[] {"f5", "Inflation", "Consumer prices rose faster than wages, eroding purchasing power."},
      new String[] {"f6", "Dividends", "The company paid a dividend of two dollars per share to its shareholders."},
      new String[] {"c1", "Bread", "Knead the dough for ten minutes, then let it rise until doubled in size."},
      new String[] {"c2", "Sourdough", "A sourdough starter is flour and water fermented by wild yeast."},
      new String[] {"c3", "Caramel", "Heat sugar slowly until it melts and turns a deep amber caramel."},
      new String[] {"c4", "Pasta", "Boil pasta in salted water and save a cup of the starchy cooking water."},
      new String[] {"c5", "Roasting", "Roast vegetables at a high oven temperature so their edges brown."},
      new String[] {"c6", "Custard", "Whisk egg yolks with warm milk and sugar, then thicken the custard gently."});

  static Path writeJsonl(Path file, List<String[]> docs) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String[] d : docs) {
      lines.add("{\"id\": \"" + d[0] + "\", \"title\": \"" + d[1] + "\", \"text\": \"" + d[2].replace("\"", "\\\"")
          + "\", \"metadata\": {\"topic\": \"" + d[0].charAt(0) + "\"}}");
    }
    Files.write(file, lines);
    return file;
  }

  static ModeConfig config(Path index, Map<String, String> extra) {
    var loader = ConfigLoader.withDefaults();
    loader.set("index.dir", index.toString(), "test");
    loader.set("embedding.model", "all-minilm-l6-v2", "test");
    loader.set("embedding.threads", "2", "test");
    loader.set("chunking.max-tokens", "64", "test");
    loader.set("chunking.overlap-tokens", "8", "test");
    extra.forEach((k, v) -> loader.set(k, v, "test"));
    return loader.load();
  }
}
