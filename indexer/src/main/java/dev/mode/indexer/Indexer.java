package dev.mode.indexer;

import dev.mode.config.ModeConfig;
import dev.mode.core.SourceDocument;
import dev.mode.core.embed.Embedder;
import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.OnnxEmbedder;
import dev.mode.core.gate.GateTrainer;
import dev.mode.core.index.DocumentUpdates;
import dev.mode.core.index.ExpertShard;
import dev.mode.core.index.GenerationWriter;
import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.IndexSettings;
import dev.mode.core.index.IndexUpdater;
import dev.mode.core.index.Manifest;
import dev.mode.core.index.ModeIndex;
import dev.mode.core.index.Passage;
import dev.mode.core.index.PassageFields;
import dev.mode.core.text.Chunk;
import dev.mode.core.text.Chunker;
import dev.mode.indexer.cluster.BalancedKMeans;
import dev.mode.indexer.cluster.BoundaryReplicationAssigner;
import dev.mode.indexer.cluster.Clusterer;
import dev.mode.core.gate.LearnedGateTrainer;
import dev.mode.indexer.cluster.DocumentKMeansAssigner;
import dev.mode.indexer.cluster.ExpertAssigner;
import dev.mode.indexer.cluster.SmileKMeans;
import dev.mode.indexer.ingest.DocumentSource;
import dev.mode.indexer.ingest.Skipped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.Bits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and maintains a MODE index. A full build ({@link #run}) reads documents from its sources, cuts them into
 * passages, embeds them, groups them into document experts and writes each expert as its own Lucene shard in a new,
 * atomically published generation. {@link #add} and {@link #delete} change the live index without a rebuild (new
 * documents go to the expert with the nearest centroid, and near a boundary to the second-nearest too, as the build
 * placed them); {@link #rebalance} re-clusters from the stored vectors, without
 * re-embedding, when the experts have drifted. Build one with {@link #builder()}; the previous generation stays live
 * and readable whatever fails.
 *
 * <pre>{@code
 * IndexReport r = Indexer.builder().config(config)
 *     .source(new FileTreeSource(List.of(dir), List.of("**.md"), List.of()))
 *     .build().run(ProgressListener.NONE);
 * }</pre>
 */
public final class Indexer {
  private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);

  private final ModeConfig config;
  private final List<DocumentSource> sources;
  private final ExpertAssigner assigner;
  private final GateTrainer gateTrainer;
  private final Embedder embedder;

  private Indexer(Builder b) {
    this.config = Objects.requireNonNull(b.config, "config");
    this.sources = List.copyOf(b.sources);
    this.assigner = b.assigner != null ? b.assigner : defaultAssigner(config);
    this.gateTrainer = b.gateTrainer != null ? b.gateTrainer
        : config.gate().kind().equals("learned") ? LearnedGateTrainer.defaults() : GateTrainer.CENTROID;
    this.embedder = b.embedder;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link Indexer}. */
  public static final class Builder {
    private ModeConfig config = ModeConfig.defaults();
    private final List<DocumentSource> sources = new ArrayList<>();
    private ExpertAssigner assigner;
    private GateTrainer gateTrainer;
    private Embedder embedder;

    public Builder config(ModeConfig config) {
      this.config = config;
      return this;
    }

    /** Adds a source of documents (for {@link #run} and {@link #add}). */
    public Builder source(DocumentSource source) {
      sources.add(source);
      return this;
    }

    /**
     * How passages are grouped into experts (default: documents clustered by their mean vector with
     * {@link #defaultClusterer}; docs/evaluation.md compares it with boundary replication).
     */
    public Builder assigner(ExpertAssigner assigner) {
      this.assigner = assigner;
      return this;
    }

    /**
     * How the gate of the new generation is built (default: by {@code gate.kind}: a {@link LearnedGateTrainer} for
     * {@code learned}, no training for {@code centroid}).
     */
    public Builder gateTrainer(GateTrainer gateTrainer) {
      this.gateTrainer = gateTrainer;
      return this;
    }

    /**
     * An embedder to use instead of loading the configured model for each job; the caller keeps ownership (the
     * indexer does not close it). It must be the index's model.
     */
    public Builder embedder(Embedder embedder) {
      this.embedder = embedder;
      return this;
    }

    public Indexer build() {
      return new Indexer(this);
    }
  }

  /**
   * The number of experts used when the configuration leaves it to the corpus size: about sqrt(passages / 8), so
   * experts grow more slowly than the corpus (100 passages: 4, 2,000: 16, 30,000: 61), between 1 and 64.
   */
  public static int defaultExperts(long passages) {
    return (int) Math.max(1, Math.min(64, Math.round(Math.sqrt(passages / 8.0))));
  }

  /**
   * Experts as configured: balanced document k-means ({@link #defaultClusterer}), with the share
   * {@code experts.replication} of documents nearest a cluster boundary also written to their second-nearest expert.
   */
  public static ExpertAssigner defaultAssigner(ModeConfig config) {
    double share = config.experts().replication();
    return share > 0 ? new BoundaryReplicationAssigner(defaultClusterer(config), share)
        : new DocumentKMeansAssigner(defaultClusterer(config));
  }

  /** Balanced k-means as configured: size cap {@code experts.max-size-factor}, sample {@code experts.sample-size}. */
  public static Clusterer defaultClusterer(ModeConfig config) {
    return new BalancedKMeans(new SmileKMeans(), config.experts().maxSizeFactor(), config.experts().sampleSize());
  }

  private record Parsed(List<SourceDocument> documents, List<Skipped> skipped) {}

  /**
   * Reads every source; a document whose id or text is too long, or whose id was seen before, is skipped with the
   * reason.
   */
  private Parsed parse(ProgressListener progress, Map<String, Long> stageMillis) {
    if (sources.isEmpty()) {
      throw new IllegalStateException("no document source given");
    }
    long t = System.currentTimeMillis();
    List<Skipped> skipped = new ArrayList<>();
    List<SourceDocument> docs = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int maxChars = config.chunking().maxDocumentChars();
    for (DocumentSource s : sources) {
      s.read(d -> {
        int idBytes = PassageFields.idBytes(d.id());
        if (idBytes > PassageFields.MAX_ID_BYTES) { // skipped, not left to fail the whole job in Lucene
          skipped.add(new Skipped(abbreviate(d.source()), String.format(java.util.Locale.ROOT,
              "id too long (%,d bytes in UTF-8, at most %,d)", idBytes, PassageFields.MAX_ID_BYTES)));
          return;
        }
        if (d.text() != null && d.text().length() > maxChars) {
          skipped.add(new Skipped(d.source(), String.format(java.util.Locale.ROOT,
              "text too long (%,d characters, chunking.max-document-chars is %,d)", d.text().length(), maxChars)));
          return;
        }
        if (!ids.add(d.id())) {
          skipped.add(new Skipped(d.source(), "duplicate id " + d.id() + " (the first one is indexed)"));
          return;
        }
        docs.add(d);
        progress.progress("parse", docs.size(), -1);
      }, skipped::add);
    }
    stageMillis.put("parse", System.currentTimeMillis() - t);
    if (docs.isEmpty()) {
      throw nothingToIndex(skipped);
    }
    for (Skipped s : skipped) {
      LOG.warn("skipped {}: {}", s.source(), s.reason());
    }
    return new Parsed(docs, skipped);
  }

  private static IllegalArgumentException nothingToIndex(List<Skipped> skipped) {
    String why = skipped.isEmpty() ? "the inputs hold no documents"
        : skipped.size() + " input(s) skipped, e.g. " + skipped.get(0).source() + ": " + skipped.get(0).reason();
    return new IllegalArgumentException("no document could be indexed: " + why);
  }

  /** A string cut to a length a report line can show (ids and sources can be arbitrarily long). */
  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 160) + "... (" + s.length() + " characters)";
  }

  /**
   * Fails before any work when the index directory is a file, or cannot be created or written (a file in its path, a
   * read-only file system, no permission), or another writer holds its lock: otherwise the job would parse and embed
   * everything and only then fail to create its generation.
   */
  private void checkIndexDirectory() {
    Path dir = config.index().dir().toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("the index directory " + dir + " is a file, not a directory");
    }
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return;
    }
    String where = existing.equals(dir) ? "the index directory " + dir
        : "the index directory " + dir + " cannot be created: " + existing;
    if (!Files.isDirectory(existing)) {
      throw new IllegalArgumentException(where + " is a file, not a directory");
    }
    if (!Files.isWritable(existing)) {
      throw new IllegalArgumentException(where + " is not writable (a read-only file system, or no permission)");
    }
    if (existing.equals(dir)) {
      // a job already writing this index: say so now, not after parsing and embedding the whole corpus (a writer
      // that starts after this check is still caught when this job takes the lock to write)
      try (var probe = new IndexLayout(dir).lockForWriting()) {
        probe.ensureValid();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The embedder for a job: the shared one, or the model loaded now (closed by the caller). */
  private Embedder embedderFor(EmbeddingModel model) {
    if (embedder != null) {
      if (!embedder.model().id().equals(model.id())) {
        throw new IllegalArgumentException("the embedder given runs " + embedder.model().id() + "; this job needs "
            + model.id());
      }
      return embedder;
    }
    return OnnxEmbedder.load(model, config.embedding().threads(), config.embedding().batchSize());
  }

  private void release(Embedder e) {
    if (e != embedder) {
      e.close();
    }
  }

  /** Runs a full build and publishes a new generation; the previous one stays live if anything fails. */
  public IndexReport run(ProgressListener progress) throws IOException {
    checkIndexDirectory();
    Map<String, Long> stageMillis = new LinkedHashMap<>();
    Parsed parsed = parse(progress, stageMillis);
    List<SourceDocument> docs = parsed.documents();
    List<Skipped> skipped = new ArrayList<>(parsed.skipped());
    var model = EmbeddingModel.byId(config.embedding().model());
    Embedder e = embedderFor(model);
    try {
      long t = System.currentTimeMillis();
      var chunker = new Chunker(e::tokenize, config.chunking().maxTokens(), config.chunking().overlapTokens());
      AtomicLong chunked = new AtomicLong();
      progress.progress("chunk", 0, docs.size());
      List<List<Chunk>> perDoc = docs.parallelStream().map(d -> {
        List<Chunk> cs = chunker.chunk(d.text());
        progress.progress("chunk", chunked.incrementAndGet(), docs.size());
        return cs;
      }).toList();
      List<SourceDocument> kept = new ArrayList<>();
      List<Chunk> chunks = new ArrayList<>();
      List<Integer> docIndex = new ArrayList<>();
      List<Integer> ordinals = new ArrayList<>();
      for (int d = 0; d < docs.size(); d++) {
        List<Chunk> cs = perDoc.get(d);
        if (cs.isEmpty()) {
          skipped.add(new Skipped(docs.get(d).source(), "no tokens to index in document " + docs.get(d).id()));
          continue;
        }
        for (int i = 0; i < cs.size(); i++) {
          chunks.add(cs.get(i));
          docIndex.add(kept.size());
          ordinals.add(i);
        }
        kept.add(docs.get(d));
      }
      if (kept.isEmpty()) {
        throw new IllegalArgumentException("no document could be indexed: none has text the model can read");
      }
      stageMillis.put("chunk", System.currentTimeMillis() - t);

      t = System.currentTimeMillis();
      float[][] vectors = new float[chunks.size()][];
      int batch = Math.max(config.embedding().batchSize() * 8, 64);
      progress.progress("embed", 0, chunks.size());
      for (int from = 0; from < chunks.size(); from += batch) {
        int to = Math.min(chunks.size(), from + batch);
        List<float[]> vs = e.embedPassages(chunks.subList(from, to).stream().map(Chunk::text).toList());
        for (int i = from; i < to; i++) {
          vectors[i] = vs.get(i - from);
        }
        progress.progress("embed", to, chunks.size());
      }
      stageMillis.put("embed", System.currentTimeMillis() - t);

      t = System.currentTimeMillis();
      int k = config.experts().count() > 0 ? config.experts().count() : defaultExperts(chunks.size());
      k = (int) Math.max(1, Math.min(k, kept.size()));
      int[] docOf = docIndex.stream().mapToInt(Integer::intValue).toArray();
      progress.progress("cluster", 0, 1);
      int[][] expertsOf = assigner.assign(vectors, docOf, kept.size(), k, config.experts().seed());
      stageMillis.put("cluster", System.currentTimeMillis() - t);
      progress.progress("cluster", 1, 1);

      t = System.currentTimeMillis();
      var layout = new IndexLayout(config.index().dir());
      var settings = new IndexSettings(model.id(), model.dimension(), config.chunking().maxTokens(),
          config.chunking().overlapTokens(), config.index().keepGenerations());
      Manifest manifest;
      try (var writer = GenerationWriter.create(layout, k, settings)) {
        write(writer, k, expertsOf, i -> {
          SourceDocument d = kept.get(docOf[i]);
          Chunk c = chunks.get(i);
          int o = ordinals.get(i);
          return new Passage(Passage.idOf(d.id(), o), d.id(), o, d.title(), c.text(), d.source(), d.contentType(),
              d.modified(), d.metadata(), c.start(), c.end(), vectors[i]);
        }, progress);
        List<Manifest.Expert> experts = writer.closeShards();
        stageMillis.put("write", System.currentTimeMillis() - t);
        t = System.currentTimeMillis();
        progress.progress("gate", 0, 1); // training the learned gate can take longer than embedding: say so
        Manifest.GateInfo gate = gateTrainer.train(writer.directory(), experts, e, config.experts().seed());
        progress.progress("gate", 1, 1);
        stageMillis.put("gate", System.currentTimeMillis() - t);
        t = System.currentTimeMillis();
        manifest = writer.publish(gate, assigner.replication(vectors, docOf, kept.size(), experts));
      }
      stageMillis.merge("write", System.currentTimeMillis() - t, Long::sum);
      LOG.info("published generation {}: {} documents, {} passages, {} experts", manifest.generation(),
          manifest.documents(), manifest.passages(), k);
      return new IndexReport(layout.requireCurrent(), manifest.documents(), manifest.passages(), k,
          manifest.experts().stream().map(Manifest.Expert::passages).toList(), List.copyOf(skipped), stageMillis);
    } finally {
      release(e);
    }
  }

  /** Writes every passage to its experts, one task per expert (each shard in passage order, so runs repeat). */
  private static void write(GenerationWriter writer, int k, int[][] expertsOf,
      java.util.function.IntFunction<Passage> passage, ProgressListener progress) throws IOException {
    List<List<Integer>> perExpert = new ArrayList<>();
    for (int e = 0; e < k; e++) {
      perExpert.add(new ArrayList<>());
    }
    long total = 0;
    for (int i = 0; i < expertsOf.length; i++) {
      for (int e : expertsOf[i]) {
        perExpert.get(e).add(i);
        total++;
      }
    }
    AtomicLong done = new AtomicLong();
    long all = total;
    progress.progress("write", 0, all);
    try {
      IntStream.range(0, k).parallel().forEach(e -> {
        for (int i : perExpert.get(e)) {
          try {
            writer.add(e, passage.apply(i));
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
          long n = done.incrementAndGet();
          if (n % 1000 == 0 || n == all) {
            progress.progress("write", n, all);
          }
        }
      });
    } catch (UncheckedIOException ex) {
      throw ex.getCause();
    }
  }

  /**
   * Adds the sources' documents to the live index without a rebuild, replacing documents whose id it already holds:
   * each goes whole to the expert with the nearest centroid (and to the second-nearest when the index's replication
   * rule copies it). Publishes one new generation; when no document
   * can be added, fails with {@link IllegalArgumentException} and publishes nothing. A file the index already holds
   * under another id (it was named from another root: ids are paths relative to the input root, see
   * {@link dev.mode.indexer.ingest.FileTreeSource}) is skipped rather than indexed twice.
   */
  public UpdateReport add(ProgressListener progress) throws IOException {
    checkIndexDirectory();
    Map<String, Long> stageMillis = new LinkedHashMap<>();
    var layout = new IndexLayout(config.index().dir());
    Manifest live = Manifest.read(layout.requireCurrent());
    Parsed parsed = parse(progress, stageMillis);
    List<Skipped> skipped = new ArrayList<>(parsed.skipped());
    List<SourceDocument> docs = withoutRenamedFiles(layout.requireCurrent(), parsed.documents(), skipped);
    if (docs.isEmpty()) {
      throw nothingToIndex(skipped);
    }
    Embedder e = embedderFor(EmbeddingModel.byId(live.embeddingModel()));
    try {
      List<DocumentUpdates.Prepared> prepared = new ArrayList<>();
      int batch = 64;
      progress.progress("embed", 0, docs.size());
      for (int from = 0; from < docs.size(); from += batch) {
        List<SourceDocument> part = docs.subList(from, Math.min(docs.size(), from + batch));
        try {
          prepared.addAll(DocumentUpdates.prepare(part, e, live.chunkMaxTokens(), live.chunkOverlapTokens()));
        } catch (IllegalArgumentException ex) { // a document without readable text: prepare the rest one by one
          for (SourceDocument d : part) {
            try {
              prepared.addAll(DocumentUpdates.prepare(List.of(d), e, live.chunkMaxTokens(), live.chunkOverlapTokens()));
            } catch (IllegalArgumentException one) {
              skipped.add(new Skipped(d.source(), one.getMessage()));
            }
          }
        }
        progress.progress("embed", Math.min(docs.size(), from + batch), docs.size());
      }
      if (prepared.isEmpty()) { // as a full build: publishing an unchanged generation would only prune an old one
        throw new IllegalArgumentException("no document could be indexed: none has text the model can read");
      }
      try (IndexUpdater u = IndexUpdater.open(layout, config.index().keepGenerations())) {
        Manifest base = u.base();
        if (!base.embeddingModel().equals(e.model().id()) || base.chunkMaxTokens() != live.chunkMaxTokens()
            || base.chunkOverlapTokens() != live.chunkOverlapTokens()) {
          throw new IllegalStateException("the index was rebuilt with other settings while documents were prepared;"
              + " run the add again");
        }
        long written = DocumentUpdates.write(u, prepared);
        progress.progress("write", written, written);
        Manifest m = u.commit();
        return new UpdateReport(layout.requireCurrent(), prepared.size(), written, u.deletedPassages(), List.of(),
            List.copyOf(skipped), m.changedSinceClustering(), m.passages());
      }
    } finally {
      release(e);
    }
  }

  /**
   * The documents, less those read from a file the live generation holds under another id and not under the
   * document's own; each of those is added to {@code skipped}. Adding such a file would index it twice (a file's id is its path relative to the
   * root it was found under, so {@code --input docs/a/b.html} names it {@code b.html} where a build of
   * {@code docs} named it {@code a/b.html}). Only the suffixes of the file's path can be such an id, so each is
   * looked up as a term: a few lookups per document, whatever the size of the index.
   */
  private static List<SourceDocument> withoutRenamedFiles(Path generation, List<SourceDocument> docs,
      List<Skipped> skipped) throws IOException {
    List<SourceDocument> out = new ArrayList<>();
    try (ModeIndex index = ModeIndex.openGeneration(generation)) {
      List<IndexSearcher> searchers = index.shards().stream().map(s -> new IndexSearcher(s.reader())).toList();
      for (SourceDocument d : docs) {
        String other = indexedUnderOtherId(searchers, d);
        if (other == null) {
          out.add(d);
        } else {
          skipped.add(new Skipped(d.source(), "this file is already indexed as " + other + ", not " + d.id()
              + " (ids are paths relative to the input root; add it from the root the index was built from, or"
              + " give that root as the id root)"));
        }
      }
    }
    return out;
  }

  /** The id under which the index holds the file {@code d} was read from, when that is not {@code d}'s id. */
  private static String indexedUnderOtherId(List<IndexSearcher> searchers, SourceDocument d) throws IOException {
    Path file;
    try {
      URI uri = URI.create(d.source());
      if (!"file".equals(uri.getScheme()) || uri.getRawFragment() != null) {
        return null; // JSONL, BEIR and SQuAD sources name the id in the fragment: same source, same id
      }
      file = Path.of(uri);
    } catch (RuntimeException notAFile) {
      return null;
    }
    if (holds(searchers, d.id())) {
      return null; // an update of a document the index holds under this id
    }
    for (int i = 0; i < file.getNameCount(); i++) {
      String candidate = file.subpath(i, file.getNameCount()).toString().replace('\\', '/');
      if (candidate.equals(d.id())) {
        continue;
      }
      for (IndexSearcher searcher : searchers) {
        TopDocs hit = searcher.search(new TermQuery(new Term(PassageFields.DOC_ID, candidate)), 1);
        if (hit.scoreDocs.length > 0 && d.source().equals(searcher.storedFields()
            .document(hit.scoreDocs[0].doc, Set.of(PassageFields.SOURCE)).get(PassageFields.SOURCE))) {
          return candidate;
        }
      }
    }
    return null;
  }

  private static boolean holds(List<IndexSearcher> searchers, String docId) throws IOException {
    for (IndexSearcher searcher : searchers) {
      if (searcher.count(new TermQuery(new Term(PassageFields.DOC_ID, docId))) > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Deletes documents by id from every expert, in one new generation. All or nothing: when an id is not in the
   * index, nothing is deleted and the ids not found are in {@link UpdateReport#notFound()} (so a retry after fixing
   * the list deletes exactly that list).
   */
  public UpdateReport delete(Collection<String> docIds) throws IOException {
    checkIndexDirectory();
    var layout = new IndexLayout(config.index().dir());
    List<String> notFound = new ArrayList<>();
    try (IndexUpdater u = IndexUpdater.open(layout, config.index().keepGenerations())) {
      for (String id : new java.util.LinkedHashSet<>(docIds)) {
        if (u.delete(id) == 0) {
          notFound.add(id);
        }
      }
      if (!notFound.isEmpty() || !u.hasChanges()) { // closing without commit discards the deletes
        return new UpdateReport(layout.requireCurrent(), 0, 0, 0, List.copyOf(notFound), List.of(),
            u.base().changedSinceClustering(), u.base().passages());
      }
      Manifest m = u.commit();
      return new UpdateReport(layout.requireCurrent(), 0, 0, u.deletedPassages(), List.of(), List.of(),
          m.changedSinceClustering(), m.passages());
    }
  }

  /**
   * Re-clusters the live index from its stored passage vectors (no re-embedding) when it has drifted: when the
   * share of passages added since the last clustering reaches {@code experts.rebalance-threshold}, or an expert
   * exceeds {@code experts.max-size-factor} times the mean size; always when {@code force}. Keeps the number of
   * experts unless {@code experts.count} is set, and never makes more experts than the index holds documents.
   */
  public RebalanceReport rebalance(boolean force, ProgressListener progress) throws IOException {
    checkIndexDirectory();
    var layout = new IndexLayout(config.index().dir());
    Manifest before = Manifest.read(layout.requireCurrent());
    List<Long> sizesBefore = before.experts().stream().map(Manifest.Expert::passages).toList();
    // balance is judged in the unit the clustering balances (documents by default; copies count where they sit)
    String unit = assigner.balancesDocuments() ? "documents" : "passages";
    List<Long> weights = assigner.balancesDocuments()
        ? before.experts().stream().map(Manifest.Expert::documents).toList() : sizesBefore;
    double mean = weights.stream().mapToLong(Long::longValue).sum() / (double) Math.max(1, weights.size());
    double factor = mean == 0 ? 0 : weights.stream().mapToLong(Long::longValue).max().orElse(0) / mean;
    double changed = before.changedSinceClustering() / (double) Math.max(1, before.passages());
    double threshold = config.experts().rebalanceThreshold();
    boolean drifted = changed >= threshold && before.changedSinceClustering() > 0;
    boolean unbalanced = factor > config.experts().maxSizeFactor();
    String reason = force ? "forced" : drifted
        ? String.format(java.util.Locale.ROOT, "%.0f%% of passages changed since the last clustering (threshold %.0f%%)",
            100 * changed, 100 * threshold)
        : unbalanced ? String.format(java.util.Locale.ROOT, "largest expert holds %.1fx the mean %s (limit %.1fx)",
            factor, unit, config.experts().maxSizeFactor())
        : String.format(java.util.Locale.ROOT, "no drift: %.0f%% changed (threshold %.0f%%), largest expert %.1fx the"
            + " mean %s (limit %.1fx)", 100 * changed, 100 * threshold, factor, unit, config.experts().maxSizeFactor());
    if (!force && !drifted && !unbalanced) {
      return new RebalanceReport(false, reason, layout.requireCurrent(), changed, factor, sizesBefore, sizesBefore);
    }
    int k = config.experts().count() > 0 ? config.experts().count() : sizesBefore.size();
    // as a full build: never more experts than documents (document clustering would leave the rest empty); capped
    // before the generation is created, since its number of shards is fixed then
    k = (int) Math.max(1, Math.min(k, before.documents()));
    var settings = new IndexSettings(before.embeddingModel(), before.dimension(), before.chunkMaxTokens(),
        before.chunkOverlapTokens(), config.index().keepGenerations());
    try (var writer = GenerationWriter.create(layout, k, settings)) { // holds the write lock from here on
      List<Passage> passages = readPassages(layout, progress);
      if (passages.isEmpty()) {
        throw new IllegalStateException("the index holds no passages to rebalance");
      }
      float[][] vectors = new float[passages.size()][];
      int[] docOf = new int[passages.size()];
      Map<String, Integer> docIndex = new LinkedHashMap<>();
      for (int i = 0; i < passages.size(); i++) {
        vectors[i] = passages.get(i).vector();
        docOf[i] = docIndex.computeIfAbsent(passages.get(i).docId(), id -> docIndex.size());
      }
      if (docIndex.size() < k) { // documents were deleted between reading the manifest and taking the lock
        throw new IllegalStateException("the index changed while the rebalance started; run it again");
      }
      progress.progress("cluster", 0, 1);
      int[][] expertsOf = assigner.assign(vectors, docOf, docIndex.size(), k, config.experts().seed());
      progress.progress("cluster", 1, 1);
      write(writer, writer.experts(), expertsOf, passages::get, progress);
      List<Manifest.Expert> experts = writer.closeShards();
      Manifest.GateInfo gate;
      progress.progress("gate", 0, 1);
      if (gateTrainer == GateTrainer.CENTROID) {
        gate = gateTrainer.train(writer.directory(), experts, null, config.experts().seed());
      } else {
        Embedder e = embedderFor(EmbeddingModel.byId(before.embeddingModel()));
        try {
          gate = gateTrainer.train(writer.directory(), experts, e, config.experts().seed());
        } finally {
          release(e);
        }
      }
      progress.progress("gate", 1, 1);
      Manifest after = writer.publish(gate, assigner.replication(vectors, docOf, docIndex.size(), experts));
      return new RebalanceReport(true, reason, layout.requireCurrent(), changed, factor, sizesBefore,
          after.experts().stream().map(Manifest.Expert::passages).toList());
    }
  }

  /** Every live passage of the live generation, once each, by document id then ordinal. */
  private static List<Passage> readPassages(IndexLayout layout, ProgressListener progress) throws IOException {
    Map<String, Passage> byId = new TreeMap<>();
    try (ModeIndex index = ModeIndex.openGeneration(layout.requireCurrent())) {
      long total = index.passages();
      long n = 0;
      for (ExpertShard shard : index.shards()) {
        for (LeafReaderContext ctx : shard.reader().leaves()) {
          Bits live = ctx.reader().getLiveDocs();
          StoredFields stored = ctx.reader().storedFields();
          for (int d = 0; d < ctx.reader().maxDoc(); d++) {
            if (live == null || live.get(d)) {
              Passage p = PassageFields.read(stored, d);
              byId.putIfAbsent(p.id(), p);
              progress.progress("read", ++n, total);
            }
          }
        }
      }
    }
    List<Passage> out = new ArrayList<>(byId.values());
    out.sort(Comparator.comparing(Passage::docId).thenComparingInt(Passage::ordinal));
    return out;
  }
}
