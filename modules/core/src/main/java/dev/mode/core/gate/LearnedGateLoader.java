package dev.mode.core.gate;

import dev.mode.core.index.ExpertShard;
import dev.mode.core.index.ModeIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Loads a learned gate saved with an index generation. */
final class LearnedGateLoader {
  private LearnedGateLoader() {}

  /**
   * @throws LearnedGate.UnsupportedFormatException when the gate was saved in a format this MODE does not read
   * @throws UncheckedIOException when it cannot be read or does not fit the generation
   */
  static Gate load(Path file, ModeIndex index) throws LearnedGate.UnsupportedFormatException {
    try {
      var lexical = new ShardTermStats(index.shards().stream().map(ExpertShard::reader).toList());
      LearnedGate g = LearnedGate.load(file, lexical);
      if (g.experts() != index.manifest().experts().size()) {
        throw new IOException(file + " routes between " + g.experts() + " experts; the generation has "
            + index.manifest().experts().size());
      }
      return g;
    } catch (LearnedGate.UnsupportedFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the learned gate: " + e.getMessage(), e);
    }
  }
}
