package dev.mode.core.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * Changes a live index without rebuilding it: deletes documents by id and adds passages to chosen experts, in a
 * new generation published atomically like a full build.
 *
 * <p>The new generation starts as hard links to the live generation's files (Lucene never rewrites a file it
 * has written, so sharing them is safe and costs no copy), then each touched shard is opened by an
 * {@link IndexWriter} in append mode, which writes only new segment and deletion files. The manifest is rewritten
 * with fresh sizes, centroids (of the touched experts), labels and checksums; the gate files are carried over.
 * Closing without {@link #commit} discards the new generation and leaves the live one untouched, as does a crash.
 * Holds the index's write lock from {@link #open} to {@link #close}.
 */
public final class IndexUpdater implements Closeable {
  private final IndexLayout layout;
  private final IndexLayout.WriteLock lock;
  private final int keepGenerations;
  private final Path baseDir;
  private final Manifest base;
  private final Path dir;
  private final IndexWriter[] writers;
  private final boolean[] touched;
  private final DirectoryReader[] baseReaders;
  private final IndexSearcher[] baseSearchers;
  private final Set<String> linked = new HashSet<>();
  private long deletedPassages;
  private long placedDocuments;
  private long copiedDocuments;
  private final Set<String> addedIds = new HashSet<>(); // a passage added to two experts is one passage
  private final Set<String> deletedDocs = new HashSet<>();
  private final long[] addedTo;
  private boolean committed;

  private IndexUpdater(IndexLayout layout, int keepGenerations) throws IOException {
    this.layout = layout;
    this.keepGenerations = keepGenerations;
    this.lock = layout.lockForWriting();
    try {
      this.baseDir = layout.requireCurrent();
      this.base = Manifest.read(baseDir);
      this.dir = layout.beginGeneration();
      linkTree(baseDir, dir);
      this.writers = new IndexWriter[base.experts().size()];
      this.touched = new boolean[writers.length];
      this.baseReaders = new DirectoryReader[writers.length];
      this.baseSearchers = new IndexSearcher[writers.length];
      this.addedTo = new long[writers.length];
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Starts an update of the live generation of {@code layout}; fails if another process is writing. */
  public static IndexUpdater open(IndexLayout layout, int keepGenerations) throws IOException {
    return new IndexUpdater(layout, keepGenerations);
  }

  /** The manifest of the generation this update starts from. */
  public Manifest base() {
    return base;
  }

  /** The live generation this update starts from. */
  public Path baseDirectory() {
    return baseDir;
  }

  /** The partial generation being written. */
  public Path directory() {
    return dir;
  }

  /** Passages deleted so far in this update. */
  public long deletedPassages() {
    return deletedPassages;
  }

  /** Records that this update placed {@code documents} documents by the index's replication rule, copying some. */
  public void placedByRule(long documents, long copies) {
    placedDocuments += documents;
    copiedDocuments += copies;
  }

  /** Distinct passages added so far in this update (a passage added to two experts counts once). */
  public long addedPassages() {
    return addedIds.size();
  }

  /**
   * Deletes every passage of document {@code docId} from every expert; returns how many passages the live
   * generation held for it (0: it was not there, nothing changes). Call before adding the document's new passages
   * when replacing it.
   */
  public long delete(String docId) throws IOException {
    deletedDocs.add(docId);
    Term term = new Term(PassageFields.DOC_ID, docId);
    Set<String> found = new HashSet<>(); // a passage copied into two experts is one passage
    for (int e = 0; e < writers.length; e++) {
      Set<String> ids = livePassageIds(e, term);
      if (!ids.isEmpty()) {
        writer(e).deleteDocuments(term);
        found.addAll(ids);
      }
    }
    deletedPassages += found.size();
    return found.size();
  }

  /** Adds a passage to expert {@code expert}. */
  public void add(int expert, Passage p) throws IOException {
    if (expert < 0 || expert >= writers.length) {
      throw new IllegalArgumentException("expert " + expert + " does not exist; this index has " + writers.length);
    }
    if (p.vector().length != base.dimension()) {
      throw new IllegalArgumentException("passage " + p.id() + " has a " + p.vector().length
          + "-dimensional vector; this index holds " + base.dimension());
    }
    // a copy: the passage was added before in this update, or is still live in the base (its document not deleted)
    boolean copy = !addedIds.add(p.id()) || (!deletedDocs.contains(p.docId()) && liveInBase(p.id()));
    writer(expert).addDocument(PassageFields.toDocument(p, copy));
    addedTo[expert]++;
  }

  /**
   * Each expert's size in passages as of this update: the base generation's, plus what this update added to it
   * (passages deleted in this update are still counted, so a placement rule reading it errs on the small side).
   */
  public long[] expertSizes() {
    long[] out = new long[writers.length];
    for (int e = 0; e < out.length; e++) {
      out[e] = base.experts().get(e).passages() + addedTo[e];
    }
    return out;
  }

  /** True when something was added or deleted, i.e. {@link #commit} would publish a different generation. */
  public boolean hasChanges() {
    for (boolean t : touched) {
      if (t) {
        return true;
      }
    }
    return false;
  }

  /** Commits the touched shards, writes the new manifest and makes the new generation live. */
  public Manifest commit() throws IOException {
    for (int e = 0; e < writers.length; e++) {
      if (writers[e] != null) {
        writers[e].commit();
        writers[e].close();
      }
    }
    List<DirectoryReader> readers = new ArrayList<>();
    try {
      for (int e = 0; e < writers.length; e++) {
        readers.add(DirectoryReader.open(FSDirectory.open(dir.resolve(Manifest.Expert.dirName(e)))));
      }
      List<List<String>> terms = ExpertLabels.topTerms(readers, 8);
      Set<String> allDocs = new HashSet<>();
      Set<String> allPassages = new HashSet<>(); // a passage copied into two experts is one passage
      List<Manifest.Expert> experts = new ArrayList<>();
      for (int e = 0; e < writers.length; e++) {
        Manifest.Expert old = base.experts().get(e);
        DirectoryReader r = readers.get(e);
        Set<String> docs = liveIds(r, PassageFields.DOC_ID);
        allDocs.addAll(docs);
        allPassages.addAll(liveIds(r, PassageFields.ID));
        float[] centroid = touched[e] ? centroid(r, base.dimension(), old.centroid()) : old.centroid();
        List<String> top = terms.get(e);
        experts.add(new Manifest.Expert(e, r.numDocs(), docs.size(), centroid, ExpertLabels.label(top), top));
      }
      var manifest = new Manifest(Manifest.FORMAT_VERSION, IndexLayout.generationOf(Path.of(
          dir.getFileName().toString().replace(".partial", ""))), Instant.now().toString(), base.embeddingModel(),
          base.dimension(), base.chunkMaxTokens(), base.chunkOverlapTokens(), experts, base.gate(), allDocs.size(),
          allPassages.size(), checksums(), base.changedSinceClustering() + addedIds.size(),
          base.replication() == null ? null : base.replication().afterUpdate(placedDocuments, copiedDocuments));
      manifest.write(dir);
      lock.ensureValid();
      layout.publish(dir, keepGenerations);
      committed = true;
      return manifest;
    } finally {
      for (DirectoryReader r : readers) {
        r.close();
      }
    }
  }

  private IndexWriter writer(int expert) throws IOException {
    if (writers[expert] == null) {
      var cfg = new IndexWriterConfig(PassageFields.analyzer()).setOpenMode(IndexWriterConfig.OpenMode.APPEND);
      writers[expert] = new IndexWriter(FSDirectory.open(dir.resolve(Manifest.Expert.dirName(expert))), cfg);
      touched[expert] = true;
    }
    return writers[expert];
  }

  private boolean liveInBase(String passageId) throws IOException {
    Term term = new Term(PassageFields.ID, passageId);
    for (int e = 0; e < writers.length; e++) {
      if (!livePassageIds(e, term).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Ids of the live generation's passages matching {@code term} in an expert (readers opened once, on first use). */
  private Set<String> livePassageIds(int expert, Term term) throws IOException {
    if (baseSearchers[expert] == null) {
      baseReaders[expert] = DirectoryReader.open(FSDirectory.open(baseDir.resolve(Manifest.Expert.dirName(expert))));
      baseSearchers[expert] = new IndexSearcher(baseReaders[expert]);
    }
    IndexSearcher searcher = baseSearchers[expert];
    Query query = new TermQuery(term);
    int n = searcher.count(query);
    Set<String> out = new HashSet<>();
    if (n > 0) {
      var stored = searcher.storedFields();
      for (var hit : searcher.search(query, n).scoreDocs) {
        out.add(stored.document(hit.doc, Set.of(PassageFields.ID)).get(PassageFields.ID));
      }
    }
    return out;
  }

  /** Distinct values of an id field ({@link PassageFields#DOC_ID}, {@link PassageFields#ID}) over a shard's live passages. */
  static Set<String> liveIds(DirectoryReader r, String field) throws IOException {
    Set<String> out = new HashSet<>();
    for (LeafReaderContext ctx : r.leaves()) {
      LeafReader leaf = ctx.reader();
      Terms terms = leaf.terms(field);
      if (terms == null) {
        continue;
      }
      Bits live = leaf.getLiveDocs();
      TermsEnum te = terms.iterator();
      PostingsEnum pe = null;
      BytesRef t;
      while ((t = te.next()) != null) {
        pe = te.postings(pe, PostingsEnum.NONE);
        for (int d = pe.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = pe.nextDoc()) {
          if (live == null || live.get(d)) {
            out.add(t.utf8ToString());
            break;
          }
        }
      }
    }
    return out;
  }

  /** Unit-length mean of a shard's live passage vectors; {@code fallback} when the shard is empty. */
  static float[] centroid(DirectoryReader r, int dimension, float[] fallback) throws IOException {
    double[] sum = new double[dimension];
    long n = 0;
    for (LeafReaderContext ctx : r.leaves()) {
      LeafReader leaf = ctx.reader();
      FloatVectorValues values = leaf.getFloatVectorValues(PassageFields.VECTOR);
      if (values == null) {
        continue;
      }
      Bits live = leaf.getLiveDocs();
      KnnVectorValues.DocIndexIterator it = values.iterator();
      for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
        if (live != null && !live.get(d)) {
          continue;
        }
        float[] v = values.vectorValue(it.index());
        for (int i = 0; i < dimension; i++) {
          sum[i] += v[i];
        }
        n++;
      }
    }
    if (n == 0) {
      return fallback;
    }
    double norm = 0;
    for (double v : sum) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    float[] c = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      c[i] = norm == 0 ? 0f : (float) (sum[i] / norm);
    }
    return c;
  }

  /** Checksums of the new generation: linked files keep the live generation's (same bytes), new ones are computed. */
  private Map<String, String> checksums() throws IOException {
    TreeMap<String, String> fresh = GenerationWriter.checksums(dir, rel -> linked.contains(rel)
        && base.checksums().containsKey(rel));
    for (String rel : new ArrayList<>(fresh.keySet())) {
      if (fresh.get(rel) == null) {
        fresh.put(rel, base.checksums().get(rel));
      }
    }
    return fresh;
  }

  /** Hard-links (or, where the file system cannot, copies) every file of {@code from} but its manifest and locks. */
  private void linkTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        String rel = from.relativize(p).toString().replace('\\', '/');
        if (rel.isEmpty()) {
          continue;
        }
        Path target = to.resolve(rel);
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!rel.equals(Manifest.FILE) && !p.getFileName().toString().equals("write.lock")) {
          try {
            Files.createLink(target, p);
          } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(p, target);
          }
          linked.add(rel);
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      for (DirectoryReader r : baseReaders) {
        if (r != null) {
          r.close();
        }
      }
      if (!committed) {
        GenerationWriter.discard(writers, dir);
      }
    } finally {
      lock.close();
    }
  }
}
