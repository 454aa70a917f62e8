package dev.mode.core.index;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.store.NativeFSLockFactory;

/**
 * The on-disk layout of a MODE index and its atomic switch between generations.
 *
 * <pre>
 * INDEX/
 *   CURRENT                 name of the live generation, replaced by an atomic rename
 *   gen-000007/             a complete generation: manifest.json, expert-00/ ... (Lucene indexes), gate files
 *   gen-000008.partial/     a generation being written; never read, removed by the next writer
 *   write.lock              held by the one process writing
 * </pre>
 *
 * A generation is written beside the live one, synced to disk, renamed into place and only then named in
 * CURRENT, so a crash at any point leaves the previous generation whole and readers never see a partial one.
 */
public final class IndexLayout {
  /** File naming the live generation. */
  public static final String CURRENT = "CURRENT";
  private static final Pattern GEN = Pattern.compile("gen-(\\d{6,})");
  private static final String PARTIAL = ".partial";
  private static final String LOCK = "write.lock";

  private final Path root;

  public IndexLayout(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The live generation's directory, if the index has one. */
  public Optional<Path> current() throws IOException {
    Path cur = root.resolve(CURRENT);
    if (!Files.isRegularFile(cur)) {
      return Optional.empty();
    }
    String name = Files.readString(cur, StandardCharsets.UTF_8).trim();
    if (!GEN.matcher(name).matches()) {
      throw new IndexFormatException(cur + " names '" + name + "', which is not a generation");
    }
    Path dir = root.resolve(name);
    if (!Files.isDirectory(dir)) {
      throw new IndexFormatException(cur + " names " + name + ", which does not exist");
    }
    return Optional.of(dir);
  }

  /** The live generation's directory, or a clear error when there is no index here. */
  public Path requireCurrent() throws IOException {
    return current().orElseThrow(() -> new IndexFormatException("no MODE index at " + root
        + " (no CURRENT file); build one with: bin/mode index --input PATH --index " + root));
  }

  /** Generation number of a generation directory. */
  public static long generationOf(Path genDir) {
    Matcher m = GEN.matcher(genDir.getFileName().toString());
    if (!m.matches()) {
      throw new IndexFormatException(genDir + " is not a generation directory");
    }
    return Long.parseLong(m.group(1));
  }

  /** Complete generations present, oldest first. */
  public List<Path> generations() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> Files.isDirectory(p) && GEN.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong(IndexLayout::generationOf)).toList();
    }
  }

  /**
   * Takes the index's write lock; only one writer, in this process or another, writes a generation at a time. Lucene's
   * native lock is used because it tracks the locks its own process holds: with plain file locks, a second attempt
   * from the same JVM that opens and closes another channel on the file releases the first writer's lock.
   */
  public WriteLock lockForWriting() throws IOException {
    Files.createDirectories(root);
    Directory dir = FSDirectory.open(root, NativeFSLockFactory.INSTANCE);
    try {
      return new WriteLock(dir, dir.obtainLock(LOCK));
    } catch (LockObtainFailedException e) {
      dir.close();
      throw new IndexFormatException("another writer is updating the index at " + root + " (" + LOCK + " is held)");
    } catch (IOException | RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  /** The write lock; closing it releases it. */
  public static final class WriteLock implements AutoCloseable {
    private final Directory dir;
    private final Lock lock;

    private WriteLock(Directory dir, Lock lock) {
      this.dir = dir;
      this.lock = lock;
    }

    /** Fails if the lock was lost (its file deleted or replaced), so a writer never publishes without holding it. */
    public void ensureValid() throws IOException {
      lock.ensureValid();
    }

    @Override
    public void close() throws IOException {
      try (dir) {
        lock.close();
      }
    }
  }

  /** Creates the directory of the next generation, to be written and then {@link #publish published}. */
  public Path beginGeneration() throws IOException {
    removePartials();
    long next = 1;
    for (Path g : generations()) {
      next = Math.max(next, generationOf(g) + 1);
    }
    Path dir = root.resolve(String.format("gen-%06d", next) + PARTIAL);
    Files.createDirectories(dir);
    return dir;
  }

  /**
   * Makes a fully written generation live: syncs every file, renames the directory into place, then replaces
   * CURRENT atomically. Returns the published directory.
   */
  public Path publish(Path partialDir, int keepGenerations) throws IOException {
    String name = partialDir.getFileName().toString();
    if (!name.endsWith(PARTIAL)) {
      throw new IllegalArgumentException(partialDir + " is not a partial generation");
    }
    fsyncTree(partialDir);
    Path finalDir = root.resolve(name.substring(0, name.length() - PARTIAL.length()));
    Files.move(partialDir, finalDir, StandardCopyOption.ATOMIC_MOVE);
    fsync(root, true);
    Path tmp = root.resolve(CURRENT + ".tmp");
    Files.writeString(tmp, finalDir.getFileName() + "\n", StandardCharsets.UTF_8);
    fsync(tmp, false);
    try {
      Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + root + " cannot replace files atomically", e);
    }
    fsync(root, true);
    prune(keepGenerations);
    return finalDir;
  }

  /** Removes generations beyond the newest {@code keep}; open readers keep reading their files (POSIX). */
  private void prune(int keep) throws IOException {
    List<Path> gens = new ArrayList<>(generations());
    Path live = requireCurrent();
    while (gens.size() > keep) {
      Path old = gens.remove(0);
      if (!old.equals(live)) {
        deleteTree(old);
      }
    }
  }

  private void removePartials() throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "*" + PARTIAL)) {
      for (Path p : ds) {
        deleteTree(p);
      }
    }
  }

  /** Deletes a directory tree. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void fsyncTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        fsync(p, Files.isDirectory(p));
      }
    }
  }

  private static void fsync(Path p, boolean isDir) throws IOException {
    try (FileChannel ch = FileChannel.open(p, isDir ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      if (!isDir) {
        throw e; // some platforms cannot open directories; file contents must be synced regardless
      }
    }
  }
}
