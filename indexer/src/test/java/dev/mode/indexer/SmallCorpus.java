package dev.mode.indexer;

import dev.mode.config.ConfigLoader;
import dev.mode.config.ModeConfig;
import dev.mode.core.SourceDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A handful of short documents on distinct topics, indexed for real into a directory (tests of answering). */
public final class SmallCorpus {
  private SmallCorpus() {}

  public static final List<SourceDocument> DOCUMENTS = List.of(
      doc("vesuvius", "Mount Vesuvius", "Mount Vesuvius is a stratovolcano on the Gulf of Naples in Italy. It erupted "
          + "in 79 AD and buried the Roman towns of Pompeii and Herculaneum under metres of ash. Pliny the Younger "
          + "described the eruption in letters to the historian Tacitus."),
      doc("etna", "Mount Etna", "Mount Etna is an active volcano on the east coast of Sicily. It is the tallest "
          + "active volcano in Europe outside the Caucasus. Its eruptions have been recorded for thousands of years."),
      doc("eiffel", "Eiffel Tower", "The Eiffel Tower is a wrought-iron lattice tower in Paris. It was completed in "
          + "1889 as the entrance to the World's Fair. The company of Gustave Eiffel designed and built it."),
      doc("golden-gate", "Golden Gate Bridge", "The Golden Gate Bridge is a suspension bridge at San Francisco. It "
          + "opened in 1937. It was the longest suspension bridge main span in the world until 1964."),
      doc("photosynthesis", "Photosynthesis", "Photosynthesis is the process by which plants turn light into chemical "
          + "energy. It takes place in the chloroplasts, which contain the green pigment chlorophyll. Oxygen is "
          + "released as a by-product."),
      doc("mitochondria", "Mitochondrion", "The mitochondrion is an organelle found in most eukaryotic cells. It "
          + "produces most of the cell's supply of adenosine triphosphate, which cells use as a source of energy."));

  private static SourceDocument doc(String id, String title, String text) {
    return new SourceDocument(id, title, text, "test:" + id, "text/plain", 0, Map.of());
  }

  /** The configuration of an index at {@code dir} with two experts. */
  public static ModeConfig config(Path dir) {
    return ConfigLoader.withDefaults().set("index.dir", dir.toString(), "test").set("experts.count", "2", "test")
        .load();
  }

  /** Indexes the documents into {@code dir} and returns its configuration. */
  public static ModeConfig index(Path dir) throws IOException {
    ModeConfig config = config(dir);
    Indexer.builder().config(config).source((docs, skipped) -> DOCUMENTS.forEach(docs)).build()
        .run((stage, done, total) -> {});
    return config;
  }
}
