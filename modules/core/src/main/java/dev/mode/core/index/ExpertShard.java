package dev.mode.core.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;

/**
 * One document expert opened for reading: its Lucene index (BM25 text, HNSW vectors, stored citation fields)
 * and its manifest entry. Closing it releases the files.
 */
public final class ExpertShard implements Closeable {
  private final Manifest.Expert info;
  private final DirectoryReader reader;

  private ExpertShard(Manifest.Expert info, DirectoryReader reader) {
    this.info = info;
    this.reader = reader;
  }

  /** Opens the shard of {@code info} inside a generation directory. */
  public static ExpertShard open(Path generationDir, Manifest.Expert info) throws IOException {
    Path dir = generationDir.resolve(Manifest.Expert.dirName(info.id()));
    return new ExpertShard(info, DirectoryReader.open(FSDirectory.open(dir)));
  }

  public int id() {
    return info.id();
  }

  public Manifest.Expert info() {
    return info;
  }

  public DirectoryReader reader() {
    return reader;
  }

  /** Passages currently searchable in this shard. */
  public int size() {
    return reader.numDocs();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
