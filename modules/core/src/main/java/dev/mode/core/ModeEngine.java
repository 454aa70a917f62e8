package dev.mode.core;

import dev.mode.config.ModeConfig;
import dev.mode.core.answer.ContextPassage;
import dev.mode.core.answer.DecoderGenerator;
import dev.mode.core.answer.ExtractiveGenerator;
import dev.mode.core.answer.GeneratedText;
import dev.mode.core.answer.GenerationInput;
import dev.mode.core.answer.Generator;
import dev.mode.core.answer.PromptFitter;
import dev.mode.core.answer.PromptTemplate;
import dev.mode.core.embed.Embedder;
import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.OnnxEmbedder;
import dev.mode.core.gate.Gate;
import dev.mode.core.gate.Gates;
import dev.mode.core.gate.RoutingPolicy;
import dev.mode.core.gate.Softmax;
import dev.mode.core.index.IndexFormatException;
import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.DocumentUpdates;
import dev.mode.core.index.IndexUpdater;
import dev.mode.core.index.Manifest;
import dev.mode.core.index.ModeIndex;
import dev.mode.core.index.PassageFields;
import dev.mode.core.retrieve.Fusion;
import dev.mode.core.retrieve.RetrievalMode;
import dev.mode.core.retrieve.RoutedRetriever;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MODE as a library: opens an index of document experts and answers questions over it. A question is embedded,
 * the gate picks the experts likely to hold its answer, only those shards are searched (hybrid BM25 + vectors,
 * with global statistics) and the generator writes an answer that cites the passages it used.
 *
 * <p>Thread-safe; one engine serves any number of concurrent requests. When the indexer publishes a new
 * generation the engine switches to it on the next request, without a restart, while requests on the old one
 * finish. Holds native resources (ONNX sessions, index files): close it.
 *
 * <pre>{@code
 * try (ModeEngine engine = ModeEngine.open(config)) {
 *   Answer a = engine.ask("When did Mount Vesuvius destroy Pompeii?");
 * }
 * }</pre>
 */
public final class ModeEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModeEngine.class);
  private static final long REFRESH_CHECK_NANOS = 500_000_000L;

  private final ModeConfig config;
  private final IndexLayout layout;
  private final Embedder embedder;
  private final Generator generator;
  private final PromptTemplate template;
  private final ExecutorService pool;
  private final Object swapLock = new Object();
  private final Object updateLock = new Object();
  private volatile Snapshot snapshot;
  private volatile long lastCheck;
  // Requests in progress. The ONNX sessions free native memory on close without waiting for a call in progress (a
  // crash, not an exception), so close() waits for them; called inside one, it leaves the freeing to the last to end.
  private final AtomicInteger requests = new AtomicInteger();
  private final Set<Cancellation> generating = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean freed = new AtomicBoolean();
  private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]); // requests this thread is in
  private final Object idle = new Object(); // notified when the last request in progress ends
  private volatile boolean closed;

  /** One index generation with what searches need of it; swapped whole when a new generation appears. */
  private record Snapshot(ModeIndex index, RoutedRetriever retriever, Gate gate, AtomicLongArray queries) {}

  private ModeEngine(ModeConfig config, Function<Embedder, Generator> generatorFactory) {
    this.config = config;
    this.layout = new IndexLayout(config.index().dir());
    this.pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
      Thread t = new Thread(r, "mode-search");
      t.setDaemon(true);
      return t;
    });
    Snapshot first = null;
    Embedder e = null;
    try {
      // read first: a bad template file is the cheapest failure and must not leave the index or models open
      this.template = config.generator().promptTemplate().isPresent()
          ? PromptTemplate.read(config.generator().promptTemplate().get()) : PromptTemplate.defaults();
      first = openSnapshot(layout.requireCurrent());
      this.snapshot = first;
      this.lastCheck = System.nanoTime();
      String modelId = first.index().manifest().embeddingModel();
      if (!modelId.equals(config.embedding().model())) {
        LOG.info("index was built with embedding model {}; using it for queries (configured: {})", modelId,
            config.embedding().model());
      }
      e = OnnxEmbedder.load(EmbeddingModel.byId(modelId), config.embedding().threads(), config.embedding().batchSize());
      this.embedder = e;
      this.generator = Objects.requireNonNull(generatorFactory.apply(e), "generatorFactory returned null");
    } catch (IOException ex) {
      // a failed open must not leave the generation's shards open: an application retrying it (a lazy Spring bean
      // asked for again) would otherwise pile up open index files
      closeQuietly(first == null ? null : first.index());
      closeQuietly(e);
      pool.shutdownNow();
      throw new ModeException("cannot open the index at " + layout.root() + ": " + ex.getMessage(), ex);
    } catch (RuntimeException ex) {
      closeQuietly(first == null ? null : first.index());
      closeQuietly(e);
      pool.shutdownNow();
      if (ex instanceof IndexFormatException) {
        throw new ModeException(ex.getMessage(), ex);
      }
      throw ex;
    }
  }

  /**
   * Opens the index named by {@code config.index().dir()}. Answers come from the ONNX MoE decoder in
   * {@code decoder.model-dir} when one is configured, else extractively, copied with citations from the passages.
   */
  public static ModeEngine open(ModeConfig config) {
    Objects.requireNonNull(config, "config is null; use ModeConfig.defaults().withIndexDir(dir)");
    Function<Embedder, Generator> generator = config.decoder().modelDir()
        .<Function<Embedder, Generator>>map(dir -> embedder -> DecoderGenerator.open(dir, config.decoder()))
        .orElse(ExtractiveGenerator::new);
    return open(config, generator);
  }

  /**
   * Opens the index with a generator of the caller's own, built over the engine's embedder: for generators MODE does
   * not ship. {@link #open(ModeConfig)} already picks the decoder or the extractive generator from the configuration.
   */
  public static ModeEngine open(ModeConfig config, Function<Embedder, Generator> generatorFactory) {
    Objects.requireNonNull(config, "config is null; use ModeConfig.defaults().withIndexDir(dir)");
    Objects.requireNonNull(generatorFactory, "generatorFactory is null");
    return new ModeEngine(config, generatorFactory);
  }

  /** Opens the index at {@code indexDir} with default configuration. */
  public static ModeEngine open(Path indexDir) {
    Objects.requireNonNull(indexDir, "indexDir is null");
    return open(ModeConfig.defaults().withIndexDir(indexDir));
  }

  /** The configuration the engine was opened with. */
  public ModeConfig config() {
    return config;
  }

  /** The generation now served, and how answers are made. */
  public IndexInfo info() {
    Manifest m = manifest();
    return new IndexInfo(m.generation(), m.createdAt(), m.embeddingModel(), m.documents(), m.passages(),
        m.experts().size(), generator.name(), generator.extractive());
  }

  /** Tokens of {@code text} under the tokenizer answers are written with (for metering generated text). */
  public int countTokens(String text) {
    Objects.requireNonNull(text, "text is null");
    enter();
    try {
      return generator.countTokens(text);
    } finally {
      exit();
    }
  }

  /** The embedder queries go through (the index's model). */
  Embedder embedder() {
    return embedder;
  }

  /** The generator answers come from. */
  Generator generator() {
    return generator;
  }

  /** The manifest of the generation now served. */
  Manifest manifest() {
    enter();
    try {
      return current().index().manifest();
    } finally {
      exit();
    }
  }

  /** Searches the routed experts. */
  public SearchResult search(SearchRequest request) {
    Objects.requireNonNull(request, "request is null");
    long t0 = System.nanoTime();
    enter();
    Snapshot s = acquire();
    try {
      Routed r = route(s, request, RetrievalMode.HYBRID);
      return new SearchResult(request.query(), r.hits(), r.routing(),
          new Timings(r.embedMs(), r.gateMs(), r.retrieveMs(), 0, ms(System.nanoTime() - t0)));
    } finally {
      release(s);
      exit();
    }
  }

  /** Answers a question with the configured settings. */
  public Answer ask(String question) {
    return ask(SearchRequest.of(question));
  }

  /** Answers a question. */
  public Answer ask(SearchRequest request) {
    return askStreaming(request, new AnswerListener() {}, new Cancellation());
  }

  /**
   * Answers a question, streaming to {@code listener}: first the routing (before any text), then each piece of
   * text as the generator writes it, then the complete answer, whose text is the concatenation of the pieces.
   * Setting {@code cancellation} stops the generation early; the answer then has stop reason {@code cancelled}.
   */
  public Answer askStreaming(SearchRequest request, AnswerListener listener, Cancellation cancellation) {
    // checked before the request is counted in: a request counted in and never out would make close() wait forever
    Objects.requireNonNull(request, "request is null");
    Objects.requireNonNull(listener, "listener is null; pass new AnswerListener() {} to ignore the events");
    Objects.requireNonNull(cancellation, "cancellation is null; pass new Cancellation()");
    long t0 = System.nanoTime();
    enter();
    Snapshot s = acquire();
    generating.add(cancellation);
    try {
      Routed r = route(s, request, RetrievalMode.HYBRID);
      listener.onRouting(r.routing());
      long g0 = System.nanoTime();
      var fitter = new PromptFitter(template, generator, config.generator().contextTokens());
      GenerationInput input = fitter.fit(request.query(), r.queryVector(), r.hits());
      GeneratedText out = generator.generate(input, listener::onText, cancellation);
      double genMs = ms(System.nanoTime() - g0);
      List<Citation> citations = new ArrayList<>();
      for (ContextPassage p : input.context()) {
        Hit h = p.hit();
        citations.add(new Citation(p.marker(), h.docId(), h.title(), h.source(), h.passageId(), h.start(), h.end(),
            h.expert(), h.score(), h.text(), citesMarker(out.text(), p.marker())));
      }
      var answer = new Answer(request.query(), out.text(), out.shortAnswer(), citations, r.routing(),
          generator.name(), generator.extractive(), out.stopReason(),
          new Timings(r.embedMs(), r.gateMs(), r.retrieveMs(), genMs, ms(System.nanoTime() - t0)));
      listener.onComplete(answer);
      return answer;
    } finally {
      generating.remove(cancellation);
      release(s);
      exit();
    }
  }

  /** True when the text cites {@code marker}, alone ([2]) or in a group ([1, 2]). */
  private static boolean citesMarker(String text, int marker) {
    return java.util.regex.Pattern.compile("\\[[0-9,\\s]*\\b" + marker + "\\b[0-9,\\s]*]").matcher(text).find();
  }

  /**
   * Adds or replaces documents without a full rebuild: each is cut into passages with the index's chunking, embedded,
   * and written whole to the expert whose centroid is nearest the mean of its passage vectors (and also to the
   * second-nearest when the index's replication rule copies it); a document whose id is already indexed is replaced.
   * The change is published as a new generation, atomically, and served from the next
   * request. Returns the number of passages written. Updates are serialised; another process writing the index
   * makes this fail rather than wait.
   */
  public long add(List<SourceDocument> documents) {
    return add(documents, new Cancellation());
  }

  /**
   * {@link #add(List)} that the caller can cancel until the new generation starts to be published: cancelled before,
   * it throws {@link CancellationException} and changes nothing; once {@link Cancellation#cancel()} returns false,
   * the update will be published.
   */
  public long add(List<SourceDocument> documents, Cancellation cancellation) {
    Objects.requireNonNull(documents, "documents is null");
    Objects.requireNonNull(cancellation, "cancellation is null");
    if (documents.isEmpty()) {
      return 0;
    }
    enter();
    try {
      return addDocuments(documents, cancellation);
    } finally {
      exit();
    }
  }

  private long addDocuments(List<SourceDocument> documents, Cancellation cancellation) {
    Manifest live = current().index().manifest();
    List<DocumentUpdates.Prepared> prepared = DocumentUpdates.prepare(documents, embedder, live.chunkMaxTokens(),
        live.chunkOverlapTokens());
    if (cancellation.isCancelled()) {
      throw cancelled();
    }
    synchronized (updateLock) {
      try (IndexUpdater u = IndexUpdater.open(layout, config.index().keepGenerations())) {
        if (!u.base().embeddingModel().equals(embedder.model().id())) {
          throw new ModeException("the index now uses embedding model " + u.base().embeddingModel()
              + "; reopen the engine before adding documents");
        }
        long added = DocumentUpdates.write(u, prepared);
        if (!cancellation.commit()) {
          throw cancelled();
        }
        u.commit();
        LOG.info("added {} document(s), {} passage(s) ({} replaced)", documents.size(), added, u.deletedPassages());
        switchGeneration();
        return added;
      } catch (IOException e) {
        throw new ModeException("cannot update the index at " + layout.root() + ": " + e.getMessage(), e);
      } catch (IndexFormatException e) {
        throw new ModeException(e.getMessage(), e);
      }
    }
  }

  /**
   * Deletes a document's passages from every expert, in a new generation published atomically; returns true if it
   * was there (false: nothing changes and no generation is written).
   */
  public boolean delete(String docId) {
    return delete(docId, new Cancellation());
  }

  /** {@link #delete(String)} that the caller can cancel until it starts to publish, as {@link #add(List, Cancellation)}. */
  public boolean delete(String docId, Cancellation cancellation) {
    if (docId == null || docId.isBlank()) {
      throw new IllegalArgumentException("a document id is needed");
    }
    Objects.requireNonNull(cancellation, "cancellation is null");
    enter();
    try {
      return deleteDocument(docId, cancellation);
    } finally {
      exit();
    }
  }

  private boolean deleteDocument(String docId, Cancellation cancellation) {
    synchronized (updateLock) {
      try (IndexUpdater u = IndexUpdater.open(layout, config.index().keepGenerations())) {
        if (u.delete(docId) == 0) {
          return false;
        }
        if (!cancellation.commit()) {
          throw cancelled();
        }
        u.commit();
        LOG.info("deleted document {} ({} passage(s))", docId, u.deletedPassages());
        switchGeneration();
        return true;
      } catch (IOException e) {
        throw new ModeException("cannot update the index at " + layout.root() + ": " + e.getMessage(), e);
      } catch (IndexFormatException e) {
        throw new ModeException(e.getMessage(), e);
      }
    }
  }

  /** The experts of the generation now served, with the queries routed to each since the engine opened it. */
  public List<ExpertInfo> experts() {
    enter();
    Snapshot s = acquire();
    try {
      List<ExpertInfo> out = new ArrayList<>();
      for (Manifest.Expert e : s.index().manifest().experts()) {
        out.add(new ExpertInfo(e.id(), s.index().shard(e.id()).size(), e.documents(), e.label(), e.topTerms(),
            s.queries().get(e.id())));
      }
      return out;
    } finally {
      release(s);
      exit();
    }
  }

  private record Routed(List<Hit> hits, Routing routing, float[] queryVector, double embedMs, double gateMs,
      double retrieveMs) {}

  private Routed route(Snapshot s, SearchRequest request, RetrievalMode mode) {
    long t0 = System.nanoTime();
    float[] q = embedder.embedQuery(request.query());
    long t1 = System.nanoTime();
    double[] probs = s.gate().probabilities(q, request.query());
    RoutingPolicy policy = policyFor(request);
    RoutingPolicy.Choice choice = policy.choose(probs);
    long t2 = System.nanoTime();
    int n = request.passages() != null ? request.passages() : config.retrieval().passages();
    var r = config.retrieval();
    RoutedRetriever.Result result = s.retriever().search(request.query(), q, choice.experts(), n,
        Math.max(r.candidates(), n), mode, new Fusion(r.fusion(), r.rrfK(), r.convexAlpha()), filter(request.filters()));
    long t3 = System.nanoTime();
    List<ExpertChoice> chosen = new ArrayList<>();
    for (int e : choice.experts()) {
      s.queries().incrementAndGet(e);
      chosen.add(new ExpertChoice(e, probs[e], s.index().manifest().experts().get(e).label()));
    }
    var routing = new Routing(s.gate().kind(), policy.kind(), chosen, Softmax.normalizedEntropy(probs), choice.fallback(),
        result.passagesScored());
    return new Routed(result.hits(), routing, q, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2));
  }

  private RoutingPolicy policyFor(SearchRequest request) {
    var g = config.gate();
    String kind = request.policy() != null ? request.policy() : g.policy();
    if (request.experts() != null) {
      return new RoutingPolicy(request.policy() != null ? kind : "fixed", request.experts(), g.adaptiveP(),
          request.experts(), g.entropyFallback());
    }
    return new RoutingPolicy(kind, g.topK(), g.adaptiveP(), g.adaptiveMaxK(), g.entropyFallback());
  }

  private static Query filter(Map<String, String> filters) {
    if (filters.isEmpty()) {
      return null;
    }
    var b = new BooleanQuery.Builder();
    filters.forEach((k, v) -> b.add(new TermQuery(PassageFields.filterTerm(k, v)), BooleanClause.Occur.FILTER));
    return b.build();
  }

  /**
   * Switches to a newer generation if the indexer published one; returns true if it switched. Requests do this
   * themselves (at most every half second), so calling it is only needed to see a change at once.
   *
   * @throws ModeException if the live generation cannot be opened (the engine keeps serving the one it has)
   */
  public boolean refresh() {
    enter();
    try {
      return switchGeneration();
    } finally {
      exit();
    }
  }

  private static CancellationException cancelled() {
    return new CancellationException("the update was cancelled before it was published; the index is unchanged");
  }

  private boolean switchGeneration() {
    try {
      Path live = layout.requireCurrent();
      Snapshot s = snapshot;
      if (live.equals(s.index().generationDir())) {
        return false;
      }
      synchronized (swapLock) {
        s = snapshot;
        if (live.equals(s.index().generationDir())) {
          return false;
        }
        Snapshot next = openSnapshot(live);
        if (!next.index().manifest().embeddingModel().equals(embedder.model().id())) {
          next.index().close();
          throw new ModeException("the new index generation " + live + " uses embedding model "
              + next.index().manifest().embeddingModel() + "; reopen the engine to serve it");
        }
        snapshot = next;
        s.index().close();
        LOG.info("now serving index generation {}", next.index().generation());
        return true;
      }
    } catch (IOException e) {
      throw new ModeException("cannot open the new index generation at " + layout.root() + ": " + e.getMessage(), e);
    } catch (IndexFormatException e) {
      // an implementation type; callers of refresh(), add() and delete() are promised ModeException
      throw new ModeException(e.getMessage(), e);
    }
  }

  private Snapshot current() {
    long now = System.nanoTime();
    if (now - lastCheck > REFRESH_CHECK_NANOS) {
      lastCheck = now;
      try {
        switchGeneration();
      } catch (RuntimeException e) {
        LOG.warn("keeping index generation {}: {}", snapshot.index().generation(), e.getMessage());
      }
    }
    return snapshot;
  }

  /** Counts a request in; every public call that touches the index or the models runs between enter and exit. */
  private void enter() {
    requests.incrementAndGet(); // before reading closed: close() either sees this request or it sees closed
    depth.get()[0]++;
    if (closed) {
      exit();
      throw new ModeException("this ModeEngine is closed");
    }
  }

  private void exit() {
    depth.get()[0]--;
    if (requests.decrementAndGet() == 0 && closed) {
      free();
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** The snapshot now served, held open until {@link #release}; call between enter and exit. */
  private Snapshot acquire() {
    while (true) {
      Snapshot s = current();
      if (s.index().tryAcquire()) {
        return s;
      }
    }
  }

  private static void release(Snapshot s) {
    try {
      s.index().release();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Snapshot openSnapshot(Path genDir) throws IOException {
    ModeIndex index = ModeIndex.openGeneration(genDir);
    try {
      Gate gate = Gates.forIndex(index, config.gate().kind(), LOG::info);
      return new Snapshot(index, new RoutedRetriever(index, pool), gate,
          new AtomicLongArray(index.manifest().experts().size()));
    } catch (IOException | RuntimeException e) {
      index.close();
      throw e;
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already failing; the first error is the one to report
      }
    }
  }

  /**
   * Closes the engine. Generations in progress are cancelled (their answers end with stop reason {@code cancelled}),
   * other requests in progress are waited for, then the index and the models are freed; later calls fail with
   * {@link ModeException}. Called from inside a request (an {@link AnswerListener}), it cannot wait for that request:
   * the resources are then freed when it ends. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    generating.forEach(Cancellation::cancel);
    if (depth.get()[0] > 0) {
      return; // inside a request: its exit frees
    }
    synchronized (idle) {
      while (requests.get() > 0) {
        try {
          idle.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return; // the last request to end still frees
        }
      }
    }
    free();
  }

  private void free() {
    if (!freed.compareAndSet(false, true)) {
      return;
    }
    pool.shutdownNow();
    try {
      synchronized (swapLock) {
        snapshot.index().close();
      }
    } catch (IOException e) {
      LOG.warn("closing index generation {}: {}", snapshot.index().generation(), e.getMessage());
    } finally {
      generator.close();
      embedder.close();
    }
  }
}
