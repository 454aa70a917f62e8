package dev.mode.core.gate;

import dev.mode.core.index.Manifest;
import dev.mode.core.index.ModeIndex;
import java.util.List;

/** Builds the gate an index generation asks for. */
public final class Gates {
  private Gates() {}

  /**
   * The gate of {@code kind} for a generation. A {@code learned} gate needs one trained with that generation;
   * when there is none the centroid gate is used, and {@code onFallback} is told why.
   */
  public static Gate forIndex(ModeIndex index, String kind, java.util.function.Consumer<String> onFallback) {
    Manifest m = index.manifest();
    List<float[]> centroids = m.experts().stream().map(Manifest.Expert::centroid).toList();
    if (kind.equals("learned")) {
      if (m.gate() != null && "learned".equals(m.gate().kind()) && m.gate().file() != null) {
        try {
          return LearnedGateLoader.load(index.generationDir().resolve(m.gate().file()), index);
        } catch (LearnedGate.UnsupportedFormatException e) {
          // an index written by an older MODE stays usable; re-indexing trains a gate this version reads
          onFallback.accept("this generation's learned gate has format " + e.format + " and this MODE reads "
              + LearnedGate.VERSION + "; routing with the centroid gate until the index is rebuilt");
          return new CentroidGate(centroids);
        }
      }
      onFallback.accept("this index generation has no learned gate; routing with the centroid gate");
    }
    return new CentroidGate(centroids);
  }
}
