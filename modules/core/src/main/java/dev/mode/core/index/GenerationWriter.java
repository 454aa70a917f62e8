package dev.mode.core.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/**
 * Writes one new index generation: a Lucene index per expert, their centroids, labels and checksums, and the
 * manifest; then publishes it atomically through {@link IndexLayout}. Closing without {@link #commit} discards
 * the partial generation and leaves the live one untouched. {@link #add} is thread-safe.
 */
public final class GenerationWriter implements Closeable {
  private final IndexLayout layout;
  private final IndexLayout.WriteLock lock;
  private final IndexSettings settings;
  private final Path dir;
  private final IndexWriter[] writers;
  private final double[][] vectorSums;
  private final long[] passageCounts;
  private final List<Set<String>> docsPerExpert = new ArrayList<>();
  private final Set<String> passageIds = java.util.concurrent.ConcurrentHashMap.newKeySet(); // copies count once
  private boolean committed;
  private List<Manifest.Expert> experts;

  private GenerationWriter(IndexLayout layout, int experts, IndexSettings settings) throws IOException {
    if (experts < 1) {
      throw new IllegalArgumentException("an index needs at least one expert");
    }
    this.layout = layout;
    this.lock = layout.lockForWriting();
    this.settings = settings;
    this.writers = new IndexWriter[experts];
    this.vectorSums = new double[experts][settings.dimension()];
    this.passageCounts = new long[experts];
    try {
      this.dir = layout.beginGeneration();
      double ramPerWriter = Math.max(16, 512.0 / experts);
      for (int e = 0; e < experts; e++) {
        var cfg = new IndexWriterConfig(PassageFields.analyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setRAMBufferSizeMB(ramPerWriter);
        writers[e] = new IndexWriter(FSDirectory.open(dir.resolve(Manifest.Expert.dirName(e))), cfg);
        docsPerExpert.add(java.util.concurrent.ConcurrentHashMap.newKeySet());
      }
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Starts a new generation with {@code experts} empty shards. */
  public static GenerationWriter create(IndexLayout layout, int experts, IndexSettings settings) throws IOException {
    return new GenerationWriter(layout, experts, settings);
  }

  /** The partial generation directory, for files written beside the shards (e.g. a learned gate). */
  public Path directory() {
    return dir;
  }

  public int experts() {
    return writers.length;
  }

  /** Adds a passage to an expert. */
  public void add(int expert, Passage p) throws IOException {
    if (p.vector().length != settings.dimension()) {
      throw new IllegalArgumentException("passage " + p.id() + " has a " + p.vector().length
          + "-dimensional vector; this index holds " + settings.dimension());
    }
    boolean copy = !passageIds.add(p.id()); // the first write of a passage is the one its statistics count
    writers[expert].addDocument(PassageFields.toDocument(p, copy));
    synchronized (vectorSums[expert]) {
      double[] sum = vectorSums[expert];
      for (int i = 0; i < sum.length; i++) {
        sum[i] += p.vector()[i];
      }
      passageCounts[expert]++;
    }
    docsPerExpert.get(expert).add(p.docId());
  }

  /** Closes the shards, then publishes with {@code gate}: the usual path when no gate needs training. */
  public Manifest commit(Manifest.GateInfo gate) throws IOException {
    closeShards();
    return publish(gate);
  }

  /**
   * Commits and closes every shard and computes each expert's centroid and label. After this the shards under
   * {@link #directory()} can be opened read-only (e.g. to train a gate on them) and no more passages are taken.
   */
  public List<Manifest.Expert> closeShards() throws IOException {
    if (experts != null) {
      return experts;
    }
    for (IndexWriter w : writers) {
      w.forceMerge(1); // one segment per shard: smaller, faster to search, simple to checksum
      w.commit();
      w.close();
    }
    List<DirectoryReader> readers = new ArrayList<>();
    List<Manifest.Expert> out = new ArrayList<>();
    try {
      for (int e = 0; e < writers.length; e++) {
        readers.add(DirectoryReader.open(FSDirectory.open(dir.resolve(Manifest.Expert.dirName(e)))));
      }
      List<List<String>> terms = ExpertLabels.topTerms(readers, 8);
      for (int e = 0; e < writers.length; e++) {
        List<String> top = terms.get(e);
        out.add(new Manifest.Expert(e, passageCounts[e], docsPerExpert.get(e).size(), centroid(e),
            ExpertLabels.label(top), top));
      }
    } finally {
      for (DirectoryReader r : readers) {
        r.close();
      }
    }
    experts = List.copyOf(out);
    return experts;
  }

  /** Writes checksums and the manifest, and makes this generation live; its experts hold no replication rule. */
  public Manifest publish(Manifest.GateInfo gate) throws IOException {
    return publish(gate, null);
  }

  /**
   * Writes checksums and the manifest, and makes this generation live.
   *
   * @param replication the rule by which the experts hold copies, for documents added later (null: none)
   */
  public Manifest publish(Manifest.GateInfo gate, Replication replication) throws IOException {
    List<Manifest.Expert> ex = closeShards();
    Set<String> allDocs = new HashSet<>();
    for (int e = 0; e < ex.size(); e++) {
      allDocs.addAll(docsPerExpert.get(e));
    }
    long passages = passageIds.size();
    var manifest = new Manifest(Manifest.FORMAT_VERSION, IndexLayout.generationOf(Path.of(
        dir.getFileName().toString().replace(".partial", ""))), Instant.now().toString(), settings.embeddingModel(),
        settings.dimension(), settings.chunkMaxTokens(), settings.chunkOverlapTokens(), ex, gate, allDocs.size(), passages,
        checksums(dir), 0, replication);
    manifest.write(dir);
    lock.ensureValid();
    layout.publish(dir, settings.keepGenerations());
    committed = true;
    return manifest;
  }

  private float[] centroid(int expert) {
    double[] sum = vectorSums[expert];
    double norm = 0;
    for (double v : sum) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    float[] c = new float[sum.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = norm == 0 ? 0f : (float) (sum[i] / norm);
    }
    return c;
  }

  /** CRC-32 of every file under a generation directory (the manifest aside), by relative path. */
  public static TreeMap<String, String> checksums(Path genDir) throws IOException {
    return checksums(genDir, rel -> false);
  }

  /**
   * Like {@link #checksums(Path)}, but files for which {@code known} holds are listed with a null checksum for the
   * caller to fill in (files it knows unchanged), instead of being read again.
   */
  static TreeMap<String, String> checksums(Path genDir, java.util.function.Predicate<String> known) throws IOException {
    var out = new TreeMap<String, String>();
    try (Stream<Path> s = Files.walk(genDir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = genDir.relativize(p).toString().replace('\\', '/');
        if (rel.equals(Manifest.FILE) || rel.endsWith("write.lock")) {
          continue;
        }
        if (known.test(rel)) {
          out.put(rel, null);
          continue;
        }
        out.put(rel, crc32(p));
      }
    }
    return out;
  }

  /** A file's CRC-32, hex, as the manifest records it. */
  static String crc32(Path file) throws IOException {
    var crc = new CRC32();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        crc.update(buf, 0, n);
      }
    }
    return Long.toHexString(crc.getValue());
  }

  @Override
  public void close() throws IOException {
    try {
      if (!committed) {
        discard(writers, dir);
      }
    } finally {
      lock.close();
    }
  }

  /** Abandons a generation that was never published: rolls back its open writers and deletes its directory. */
  static void discard(IndexWriter[] writers, Path dir) throws IOException {
    for (IndexWriter w : writers) {
      if (w != null && w.isOpen()) {
        w.rollback();
      }
    }
    IndexLayout.deleteTree(dir);
  }
}
