package dev.mode.indexer.eval;

import dev.mode.config.ModeConfig;
import dev.mode.core.Cancellation;
import dev.mode.core.Hit;
import dev.mode.core.answer.ContextAssembler;
import dev.mode.core.answer.ContextPassage;
import dev.mode.core.answer.ExtractiveGenerator;
import dev.mode.core.answer.GenerationInput;
import dev.mode.core.embed.Embedder;
import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.OnnxEmbedder;
import dev.mode.core.gate.CentroidGate;
import dev.mode.core.gate.Gate;
import dev.mode.core.gate.Gates;
import dev.mode.core.gate.LearnedGateTrainer;
import dev.mode.core.gate.RoutingPolicy;
import dev.mode.core.index.ExpertShard;
import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.Manifest;
import dev.mode.core.index.ModeIndex;
import dev.mode.core.index.PassageFields;
import dev.mode.core.retrieve.Fusion;
import dev.mode.core.retrieve.RetrievalMode;
import dev.mode.core.retrieve.RoutedRetriever;
import dev.mode.indexer.Indexer;
import dev.mode.indexer.ingest.JsonlSource;
import dev.mode.indexer.ProgressListener;
import dev.mode.indexer.cluster.BoundaryReplicationAssigner;
import dev.mode.indexer.cluster.Clusterer;
import dev.mode.indexer.cluster.DocumentKMeansAssigner;
import dev.mode.indexer.cluster.ExpertAssigner;
import dev.mode.indexer.cluster.PassageKMeansAssigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Runs MODE's retrieval evaluation on a BEIR-layout dataset: builds (or reuses) an index of the corpus with a
 * learned gate, then runs every judged query in each mode (exhaustive BM25, dense and hybrid; the centroid and
 * learned gates at k = 1..4; the adaptive policy) and averages the ranking metrics, routing recall, work and
 * latency per mode, plus extractive-answer metrics where the queries carry gold answers.
 */
public final class EvalRunner {
  /**
   * Assigner names {@code --assigner} accepts: {@code default} (the indexer's experts as configured), then the
   * alternatives; {@code boundary-S} replicates a share {@code S} of the documents.
   */
  public static final List<String> ASSIGNERS = List.of("default", "document", "passage", "boundary-S");
  /** Largest k of the fixed-k modes. */
  public static final int MAX_K = 4;
  private static final int CANDIDATES = 100;
  private static final int PASSAGES = 200;
  private static final String MARKER = "eval-index.txt";

  private final ModeConfig config;
  private final Consumer<String> log;

  /**
   * @param config the configuration; {@code index.dir} names where the evaluation index lives and
   *     {@code experts.count} how many experts it has
   * @param log progress lines (stderr in the CLI)
   */
  public EvalRunner(ModeConfig config, Consumer<String> log) {
    this.config = config;
    this.log = log;
  }

  /**
   * The assigner for a name of {@link #ASSIGNERS}, clustering as the indexer does ({@link Indexer#defaultClusterer}:
   * balanced k-means under {@code experts.max-size-factor}), so the figures are those of the experts MODE ships.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static ExpertAssigner assigner(String name, ModeConfig config) {
    Clusterer clusterer = Indexer.defaultClusterer(config);
    if (name.startsWith("boundary-")) {
      double share;
      try {
        share = Double.parseDouble(name.substring("boundary-".length()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("boundary-S needs a share S in [0, 1], not '" + name + "'");
      }
      return new BoundaryReplicationAssigner(clusterer, share);
    }
    return switch (name) {
      case "default" -> Indexer.defaultAssigner(config);
      case "document" -> new DocumentKMeansAssigner(clusterer);
      case "passage" -> new PassageKMeansAssigner(clusterer);
      default -> throw new IllegalArgumentException("unknown assigner '" + name + "'; use one of " + ASSIGNERS);
    };
  }

  /** The name reported for an assigner: {@code default} becomes the construction it stands for. */
  static String describe(String name, ModeConfig config) {
    return assigner(name, config).name();
  }

  /** Where an evaluation index is kept when no {@code --index} is given. */
  public static Path defaultIndexDir(Path base, String dataset, int experts, String assigner) {
    return base.resolve(".mode").resolve("eval")
        .resolve(dataset + "-" + experts + (assigner.equals(ASSIGNERS.get(0)) ? "" : "-" + assigner));
  }

  /**
   * Builds the index unless a matching one exists (same corpus, embedding model, chunking, experts, assigner and
   * clustering settings, with a learned gate). Without {@code rebuild}, a new expert construction regroups the
   * passages of a sibling evaluation index of the same corpus, model and chunking instead of embedding it again; with
   * it, everything is built from the corpus.
   *
   * @throws IllegalArgumentException without {@code rebuild}, when {@code index.dir} holds an index that was not
   *     built by an evaluation (it is not replaced)
   */
  public void ensureIndex(BeirDataset ds, String assignerName, boolean rebuild, ProgressListener progress) throws IOException {
    Path dir = config.index().dir();
    // every setting that shapes the index: reusing one built with another model or chunking would report its
    // figures under the settings asked for
    String marker = passageMarker(ds) + "assigner=" + describe(assignerName, config)
        + "\nexperts=" + config.experts().count() + "\nseed=" + config.experts().seed()
        + "\nmax-size-factor=" + config.experts().maxSizeFactor() + "\nsample-size=" + config.experts().sampleSize()
        + "\n";
    var current = new IndexLayout(dir).current();
    if (!rebuild && current.isPresent() && Files.isRegularFile(dir.resolve(MARKER))
        && Files.readString(dir.resolve(MARKER)).equals(marker)) {
      Manifest m = Manifest.read(current.get());
      if (m.gate() != null && "learned".equals(m.gate().kind())) {
        log.accept("reusing the evaluation index " + current.get());
        return;
      }
    }
    if (!rebuild && current.isPresent() && !Files.isRegularFile(dir.resolve(MARKER))) {
      // an index eval did not build (its marker is written with every evaluation index): a production index given
      // as --index would otherwise be replaced, live, by the dataset's corpus
      throw new IllegalArgumentException(dir + " holds an index that eval did not build (it has no " + MARKER
          + "); give eval a directory of its own, or --rebuild to replace that index with the dataset's corpus");
    }
    Files.deleteIfExists(dir.resolve(MARKER));
    // a rebuild starts from the corpus; otherwise another expert construction reuses a sibling's embeddings
    Path sibling = rebuild ? null : siblingWithPassages(dir, marker);
    if (sibling != null) {
      log.accept("regrouping the passages of " + sibling + " into " + dir + " (" + assignerName + " experts, learned gate)");
      Manifest m = Regrouper.regroup(sibling, dir, assigner(assignerName, config), config.experts().count(),
          LearnedGateTrainer.defaults(), config.embedding().threads(), config.experts().seed());
      log.accept(String.format(Locale.ROOT, "regrouped %d passages; expert sizes %s", m.passages(),
          m.experts().stream().map(Manifest.Expert::passages).toList()));
      Files.writeString(dir.resolve(MARKER), marker);
      return;
    }
    log.accept("building the evaluation index in " + dir + " (" + assignerName + " experts, learned gate)");
    var report = Indexer.builder().config(config).source(JsonlSource.beir(ds.corpus())).assigner(assigner(assignerName, config))
        .gateTrainer(LearnedGateTrainer.defaults()).build().run(progress);
    log.accept(String.format(Locale.ROOT, "indexed %d documents as %d passages (%d skipped); expert sizes %s; stage ms %s",
        report.documents(), report.passages(), report.skipped().size(), report.expertSizes(), report.stageMillis()));
    Files.writeString(dir.resolve(MARKER), marker);
  }

  /**
   * The marker lines that decide the passages and their vectors: the corpus (name and size), the embedding model
   * and the chunking. Indexes that share them hold the same passages, whatever their experts.
   */
  private String passageMarker(BeirDataset ds) throws IOException {
    var c = config.chunking();
    return "dataset=" + ds.name() + "\ncorpus-bytes=" + Files.size(ds.corpus()) + "\nmodel="
        + config.embedding().model() + "\nchunking=" + c.maxTokens() + "/" + c.overlapTokens() + "/"
        + c.maxDocumentChars() + "\n";
  }

  /**
   * Another evaluation index beside {@code dir} with the same passages (the lines of {@link #passageMarker} in its
   * marker), whose passages and vectors can be regrouped instead of embedding the corpus again; null when there is
   * none.
   */
  private static Path siblingWithPassages(Path dir, String marker) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return null;
    }
    String passages = passageLines(marker);
    try (var dirs = Files.list(parent)) {
      for (Path d : dirs.sorted().toList()) {
        Path mk = d.resolve(MARKER);
        if (!d.equals(dir.toAbsolutePath()) && Files.isRegularFile(mk) && new IndexLayout(d).current().isPresent()
            && passageLines(Files.readString(mk)).equals(passages)) {
          return d;
        }
      }
    }
    return null;
  }

  private static String passageLines(String marker) {
    return marker.lines().filter(l -> l.startsWith("dataset=") || l.startsWith("corpus-bytes=")
        || l.startsWith("model=") || l.startsWith("chunking=")).reduce("", (a, b) -> a + b + "\n");
  }

  private record Mode(String name, Integer k, Gate gate, RoutingPolicy policy, RetrievalMode retrieval, boolean answers) {}

  /** Per-mode sums over the queries. */
  private static final class Acc {
    double ndcg, recall, mrr, route, experts, passages;
    double em, f1, gold1, gold5, gold10;
    int answered;
    final List<Double> latency = new ArrayList<>();
    final List<Double> gate = new ArrayList<>();
  }

  /** Evaluates every mode over the dataset's judged queries on the index in {@code index.dir}. */
  public EvalReport evaluate(BeirDataset ds, String assignerName) throws IOException {
    return evaluate(ds, assignerName, null);
  }

  /**
   * Like {@link #evaluate(BeirDataset, String)}, and when {@code runDir} is not null also writes each mode's document
   * rankings, as the metrics scored them, to a TREC run file there ({@link TrecRunWriter#forMode}).
   */
  public EvalReport evaluate(BeirDataset ds, String assignerName, Path runDir) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
      Thread t = new Thread(r, "mode-eval");
      t.setDaemon(true);
      return t;
    });
    List<TrecRunWriter> runs = new ArrayList<>();
    try (ModeIndex index = ModeIndex.open(config.index().dir());
        Embedder embedder = OnnxEmbedder.load(EmbeddingModel.byId(index.manifest().embeddingModel()),
            config.embedding().threads(), config.embedding().batchSize())) {
      var retriever = new RoutedRetriever(index, pool);
      int n = index.manifest().experts().size();
      Gate centroid = new CentroidGate(index.manifest().experts().stream().map(Manifest.Expert::centroid).toList());
      Gate learned = Gates.forIndex(index, "learned", why -> log.accept("warning: " + why));
      boolean answers = ds.hasAnswers();
      List<Mode> modes = new ArrayList<>();
      modes.add(new Mode("hybrid", null, null, RoutingPolicy.exhaustive(), RetrievalMode.HYBRID, answers));
      modes.add(new Mode("bm25", null, null, RoutingPolicy.exhaustive(), RetrievalMode.BM25, false));
      modes.add(new Mode("dense", null, null, RoutingPolicy.exhaustive(), RetrievalMode.DENSE, false));
      for (Gate g : List.of(centroid, learned)) {
        for (int k = 1; k <= Math.min(MAX_K, n); k++) {
          String name = g == centroid ? "centroid" : "learned";
          modes.add(new Mode(name, k, g, RoutingPolicy.fixed(k), RetrievalMode.HYBRID, answers && k == 2));
        }
      }
      var gc = config.gate();
      modes.add(new Mode("adaptive", null, learned, new RoutingPolicy("adaptive", gc.topK(), gc.adaptiveP(),
          gc.adaptiveMaxK(), gc.entropyFallback()), RetrievalMode.HYBRID, false));
      var fusion = new Fusion(config.retrieval().fusion(), config.retrieval().rrfK(), config.retrieval().convexAlpha());
      var generator = new ExtractiveGenerator(new CachingEmbedder(embedder));
      var assembler = new ContextAssembler(config.generator().contextTokens(), generator::countTokens);
      int contextPassages = config.retrieval().passages();
      List<Acc> accs = modes.stream().map(m -> new Acc()).toList();
      if (runDir != null) {
        for (Mode m : modes) {
          runs.add(TrecRunWriter.forMode(runDir, m.name(), m.k()));
        }
      }
      List<Integer> all = IntStream.range(0, n).boxed().toList();
      int done = 0;
      for (BeirDataset.Query q : ds.queries()) {
        Map<String, Integer> gains = ds.qrels().get(q.id());
        float[] qv = embedder.embedQuery(q.text());
        List<String> reference = null;
        for (int mi = 0; mi < modes.size(); mi++) {
          Mode m = modes.get(mi);
          Acc a = accs.get(mi);
          long t0 = System.nanoTime();
          List<Integer> experts = all;
          if (m.gate() != null) {
            experts = m.policy().choose(m.gate().probabilities(qv, q.text())).experts();
          }
          long t1 = System.nanoTime();
          var result = search(retriever, q.text(), qv, experts, m.retrieval(), fusion);
          long t2 = System.nanoTime();
          List<String> docs = RankingMetrics.documentRanking(result.hits());
          if (reference == null) {
            reference = docs; // the first mode is exhaustive hybrid
          }
          if (!runs.isEmpty()) {
            runs.get(mi).write(q.id(), docs);
          }
          a.ndcg += RankingMetrics.ndcg(docs, gains, 10);
          a.recall += RankingMetrics.recall(docs, gains, 100);
          a.mrr += RankingMetrics.mrr(docs, gains, 10);
          a.route += RankingMetrics.overlap(docs, reference, 10);
          a.experts += experts.size();
          a.passages += result.passagesScored();
          a.latency.add((t2 - t0) / 1e6);
          if (m.gate() != null) {
            a.gate.add((t1 - t0) / 1e6);
          }
          if (m.answers() && !q.answers().isEmpty()) {
            a.answered++;
            a.gold1 += goldWithin(result.hits(), gains, q.answers(), 1);
            a.gold5 += goldWithin(result.hits(), gains, q.answers(), 5);
            a.gold10 += goldWithin(result.hits(), gains, q.answers(), 10);
            List<Hit> top = result.hits().subList(0, Math.min(contextPassages, result.hits().size()));
            List<ContextPassage> ctx = assembler.assemble(top);
            var generated = generator.generate(new GenerationInput(q.text(), qv, ctx, ""), s -> {}, new Cancellation());
            // SQuAD metrics score a short span; whole cited sentences would never match exactly.
            String answer = generated.shortAnswer() != null && !generated.shortAnswer().isBlank()
                ? generated.shortAnswer() : generated.text().replaceAll("\\s*\\[\\d+\\]", "").strip();
            a.em += AnswerMetrics.exactMatch(answer, q.answers());
            a.f1 += AnswerMetrics.f1(answer, q.answers());
          }
        }
        done++;
        if (done % 50 == 0 || done == ds.queries().size()) {
          log.accept("evaluated " + done + "/" + ds.queries().size() + " queries");
        }
      }
      int nq = ds.queries().size();
      List<ModeResult> results = new ArrayList<>();
      for (int mi = 0; mi < modes.size(); mi++) {
        Mode m = modes.get(mi);
        Acc a = accs.get(mi);
        boolean ans = m.answers() && a.answered > 0;
        results.add(new ModeResult(m.name(), m.k(), a.ndcg / nq, a.recall / nq, a.mrr / nq, a.route / nq, a.experts / nq,
            a.passages / nq, percentile(a.latency, 50), percentile(a.latency, 95),
            a.gate.isEmpty() ? null : percentile(a.gate, 50), ans ? a.em / a.answered : null,
            ans ? a.f1 / a.answered : null, ans ? a.gold1 / a.answered : null, ans ? a.gold5 / a.answered : null,
            ans ? a.gold10 / a.answered : null));
      }
      return new EvalReport(ds.name(), n, describe(assignerName, config), nq, distinctPassages(index), results);
    } finally {
      pool.shutdownNow();
      for (TrecRunWriter w : runs) {
        w.close();
      }
    }
  }

  /**
   * One mode's search. Hybrid modes fuse the top {@link #CANDIDATES} passages of each signal into a list of
   * {@link #PASSAGES}; a single-signal mode has nothing to fuse and takes {@link #PASSAGES} passages itself. With
   * {@link #CANDIDATES} only, documents split into several passages left fewer than 100 documents after MaxP (93 on
   * average on cisi), and BM25's and dense's Recall@100 counted fewer documents than hybrid's and the baselines'.
   */
  static RoutedRetriever.Result search(RoutedRetriever retriever, String text, float[] vector, List<Integer> experts,
      RetrievalMode mode, Fusion fusion) {
    int candidates = mode == RetrievalMode.HYBRID ? CANDIDATES : PASSAGES;
    return retriever.search(text, vector, experts, PASSAGES, candidates, mode, fusion, null);
  }

  /**
   * 1 when one of the first {@code k} passages is a gold passage: from a judged document and containing one of the
   * gold answers (any passage of a judged document when there are no gold answers).
   */
  static double goldWithin(List<Hit> hits, Map<String, Integer> gains, List<String> answers, int k) {
    for (int i = 0; i < Math.min(k, hits.size()); i++) {
      Hit h = hits.get(i);
      if (gains.getOrDefault(h.docId(), 0) > 0) {
        String text = h.text().toLowerCase(Locale.ROOT);
        if (answers.isEmpty() || answers.stream().anyMatch(ans -> text.contains(ans.toLowerCase(Locale.ROOT)))) {
          return 1;
        }
      }
    }
    return 0;
  }

  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size()) - 1; // nearest-rank percentile
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank)));
  }

  private static long distinctPassages(ModeIndex index) throws IOException {
    Set<String> ids = new HashSet<>();
    for (ExpertShard s : index.shards()) {
      var sf = s.reader().storedFields();
      for (int d = 0; d < s.reader().maxDoc(); d++) {
        ids.add(sf.document(d, Set.of(PassageFields.ID)).get(PassageFields.ID));
      }
    }
    return ids.size();
  }
}
