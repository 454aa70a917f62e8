package dev.mode.indexer;

import dev.mode.config.ModeConfig;
import dev.mode.core.SourceDocument;
import dev.mode.core.embed.Embedder;
import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.OnnxEmbedder;
import dev.mode.core.index.GenerationWriter;
import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.IndexSettings;
import dev.mode.core.index.Manifest;
import dev.mode.core.index.Passage;
import dev.mode.core.text.Chunk;
import dev.mode.core.text.Chunker;
import dev.mode.core.gate.GateTrainer;
import dev.mode.core.gate.LearnedGateTrainer;
import dev.mode.indexer.cluster.DocumentKMeansAssigner;
import dev.mode.indexer.cluster.ExpertAssigner;
import dev.mode.indexer.cluster.SmileKMeans;
import dev.mode.indexer.ingest.DocumentSource;
import dev.mode.indexer.ingest.Skipped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a MODE index: reads documents from its sources, cuts them into passages, embeds them, groups them
 * into document experts and writes each expert as its own Lucene shard in a new, atomically published
 * generation. Build one with {@link #builder()}.
 *
 * <pre>{@code
 * IndexReport r = Indexer.builder().config(config).source(new FileTreeSource(List.of(dir), List.of(), List.of()))
 *     .build().run(ProgressListener.NONE);
 * }</pre>
 */
public final class Indexer {
  private final ModeConfig config;
  private final List<DocumentSource> sources;
  private final ExpertAssigner assigner;
  private final GateTrainer gateTrainer;

  private Indexer(Builder b) {
    this.config = Objects.requireNonNull(b.config, "config");
    this.sources = List.copyOf(b.sources);
    this.assigner = b.assigner;
    this.gateTrainer = b.gateTrainer != null ? b.gateTrainer
        : config.gate().kind().equals("learned") ? LearnedGateTrainer.defaults() : GateTrainer.CENTROID;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link Indexer}. */
  public static final class Builder {
    private ModeConfig config = ModeConfig.defaults();
    private final List<DocumentSource> sources = new ArrayList<>();
    private ExpertAssigner assigner = new DocumentKMeansAssigner(new SmileKMeans());
    private GateTrainer gateTrainer;

    public Builder config(ModeConfig config) {
      this.config = config;
      return this;
    }

    public Builder source(DocumentSource source) {
      sources.add(source);
      return this;
    }

    /**
     * How passages are grouped into experts (default: documents clustered with k-means; docs/evaluation.md compares
     * it with boundary replication).
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

    public Indexer build() {
      if (sources.isEmpty()) {
        throw new IllegalStateException("an indexer needs at least one source");
      }
      return new Indexer(this);
    }
  }

  /** The number of experts used when the configuration leaves it to the corpus size. */
  public static int defaultExperts(long passages) {
    return (int) Math.max(1, Math.min(64, Math.round(Math.sqrt(passages / 8.0))));
  }

  /** Runs the job and publishes a new generation; the previous one stays live if anything fails. */
  public IndexReport run(ProgressListener progress) throws IOException {
    Map<String, Long> stageMillis = new LinkedHashMap<>();
    List<Skipped> skipped = new ArrayList<>();
    List<SourceDocument> docs = new ArrayList<>();
    Set<String> ids = new HashSet<>();

    long t = System.currentTimeMillis();
    for (DocumentSource s : sources) {
      s.read(d -> {
        if (!ids.add(d.id())) {
          skipped.add(new Skipped(d.source(), "duplicate id " + d.id()));
          return;
        }
        docs.add(d);
        progress.progress("parse", docs.size(), -1);
      }, skipped::add);
    }
    stageMillis.put("parse", System.currentTimeMillis() - t);
    if (docs.isEmpty()) {
      throw new IllegalArgumentException("no document could be indexed (" + skipped.size() + " skipped)");
    }

    var model = EmbeddingModel.byId(config.embedding().model());
    try (Embedder embedder = OnnxEmbedder.load(model, config.embedding().threads(), config.embedding().batchSize())) {
      t = System.currentTimeMillis();
      var chunker = new Chunker(embedder::tokenize, config.chunking().maxTokens(), config.chunking().overlapTokens());
      List<SourceDocument> passageDoc = new ArrayList<>();
      List<Chunk> chunks = new ArrayList<>();
      List<Integer> ordinals = new ArrayList<>();
      List<Integer> docIndex = new ArrayList<>();
      for (int d = 0; d < docs.size(); d++) {
        List<Chunk> cs = chunker.chunk(docs.get(d).text());
        for (int i = 0; i < cs.size(); i++) {
          passageDoc.add(docs.get(d));
          chunks.add(cs.get(i));
          ordinals.add(i);
          docIndex.add(d);
        }
        progress.progress("chunk", d + 1, docs.size());
      }
      stageMillis.put("chunk", System.currentTimeMillis() - t);

      t = System.currentTimeMillis();
      float[][] vectors = new float[chunks.size()][];
      int batch = Math.max(config.embedding().batchSize() * 8, 64);
      for (int from = 0; from < chunks.size(); from += batch) {
        int to = Math.min(chunks.size(), from + batch);
        List<float[]> vs = embedder.embedPassages(chunks.subList(from, to).stream().map(Chunk::text).toList());
        for (int i = from; i < to; i++) {
          vectors[i] = vs.get(i - from);
        }
        progress.progress("embed", to, chunks.size());
      }
      stageMillis.put("embed", System.currentTimeMillis() - t);

      t = System.currentTimeMillis();
      int k = config.experts().count() > 0 ? config.experts().count() : defaultExperts(chunks.size());
      int[] docOf = docIndex.stream().mapToInt(Integer::intValue).toArray();
      int[][] expertsOf = assigner.assign(vectors, docOf, docs.size(), k, config.experts().seed());
      stageMillis.put("cluster", System.currentTimeMillis() - t);
      progress.progress("cluster", 1, 1);

      t = System.currentTimeMillis();
      var layout = new IndexLayout(config.index().dir());
      var settings = new IndexSettings(model.id(), model.dimension(), config.chunking().maxTokens(),
          config.chunking().overlapTokens(), config.index().keepGenerations());
      Manifest manifest;
      try (var writer = GenerationWriter.create(layout, k, settings)) {
        for (int i = 0; i < chunks.size(); i++) {
          SourceDocument d = passageDoc.get(i);
          Chunk c = chunks.get(i);
          var p = new Passage(Passage.idOf(d.id(), ordinals.get(i)), d.id(), ordinals.get(i), d.title(), c.text(),
              d.source(), d.contentType(), d.modified(), d.metadata(), c.start(), c.end(), vectors[i]);
          for (int e : expertsOf[i]) {
            writer.add(e, p);
          }
          if ((i + 1) % 1000 == 0 || i + 1 == chunks.size()) {
            progress.progress("write", i + 1, chunks.size());
          }
        }
        List<Manifest.Expert> experts = writer.closeShards();
        stageMillis.put("write", System.currentTimeMillis() - t);
        t = System.currentTimeMillis();
        Manifest.GateInfo gate = gateTrainer.train(writer.directory(), experts, embedder, config.experts().seed());
        stageMillis.put("gate", System.currentTimeMillis() - t);
        t = System.currentTimeMillis();
        manifest = writer.publish(gate);
      }
      stageMillis.merge("write", System.currentTimeMillis() - t, Long::sum);
      return new IndexReport(layout.requireCurrent(), manifest.documents(), manifest.passages(), k,
          manifest.experts().stream().map(Manifest.Expert::passages).toList(), skipped, stageMillis);
    }
  }
}
