package dev.mode.indexer;

/** Told how an indexing job advances: which stage, how far along ({@code total} is -1 when unknown). */
@FunctionalInterface
public interface ProgressListener {
  void progress(String stage, long done, long total);

  ProgressListener NONE = (stage, done, total) -> {};
}
