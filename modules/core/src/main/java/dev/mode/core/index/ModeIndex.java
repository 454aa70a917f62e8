package dev.mode.core.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One generation of a MODE index opened for reading: its manifest and every expert shard. Reference-counted so an
 * engine can switch to a newer generation while searches on this one finish: {@link #tryAcquire} before use,
 * {@link #release} after; {@link #close} drops the owner's reference.
 */
public final class ModeIndex implements Closeable {
  private final Path generationDir;
  private final Manifest manifest;
  private final List<ExpertShard> shards;
  private final AtomicInteger refs = new AtomicInteger(1);

  private ModeIndex(Path generationDir, Manifest manifest, List<ExpertShard> shards) {
    this.generationDir = generationDir;
    this.manifest = manifest;
    this.shards = List.copyOf(shards);
  }

  /** Opens the live generation of the index at {@code root}. */
  public static ModeIndex open(Path root) throws IOException {
    return openGeneration(new IndexLayout(root).requireCurrent());
  }

  /**
   * Opens a specific generation directory, after checking every file against the CRC-32 its manifest recorded: a
   * damaged or incomplete generation is refused ({@link IndexFormatException}) instead of served.
   */
  public static ModeIndex openGeneration(Path generationDir) throws IOException {
    Manifest m = Manifest.read(generationDir);
    verify(generationDir, m);
    List<ExpertShard> shards = new ArrayList<>();
    try {
      for (Manifest.Expert e : m.experts()) {
        shards.add(ExpertShard.open(generationDir, e));
      }
    } catch (IOException | RuntimeException e) {
      for (ExpertShard s : shards) {
        s.close();
      }
      throw e;
    }
    return new ModeIndex(generationDir, m, shards);
  }

  /** Reads every file the manifest lists and compares its CRC-32 (a sequential read of the generation). */
  private static void verify(Path generationDir, Manifest m) throws IOException {
    for (var e : m.checksums().entrySet()) {
      Path file = generationDir.resolve(e.getKey());
      if (!Files.isRegularFile(file)) {
        throw new IndexFormatException("index generation " + generationDir + " is damaged: " + e.getKey()
            + " is missing");
      }
      if (!GenerationWriter.crc32(file).equals(e.getValue())) {
        throw new IndexFormatException("index generation " + generationDir + " is damaged: " + e.getKey()
            + " does not match the checksum its manifest recorded");
      }
    }
  }

  public Manifest manifest() {
    return manifest;
  }

  public Path generationDir() {
    return generationDir;
  }

  public long generation() {
    return manifest.generation();
  }

  public List<ExpertShard> shards() {
    return shards;
  }

  public ExpertShard shard(int id) {
    return shards.get(id);
  }

  /** Total passages over all experts. */
  public long passages() {
    return shards.stream().mapToLong(ExpertShard::size).sum();
  }

  /** Takes a reference for the duration of a search; false if this generation is already closed. */
  public boolean tryAcquire() {
    int r;
    do {
      r = refs.get();
      if (r <= 0) {
        return false;
      }
    } while (!refs.compareAndSet(r, r + 1));
    return true;
  }

  /** Returns a reference taken with {@link #tryAcquire}. */
  public void release() throws IOException {
    if (refs.decrementAndGet() == 0) {
      for (ExpertShard s : shards) {
        s.close();
      }
    }
  }

  @Override
  public void close() throws IOException {
    release();
  }
}
