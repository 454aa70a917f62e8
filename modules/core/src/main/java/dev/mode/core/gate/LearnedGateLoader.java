package dev.mode.core.gate;

import java.nio.file.Path;

/** Loads a learned gate saved with an index generation. */
final class LearnedGateLoader {
  private LearnedGateLoader() {}

  static Gate load(Path file, int experts) {
    throw new IllegalStateException("learned gates are not supported yet: " + file);
  }
}
