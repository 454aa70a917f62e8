package dev.mode.indexer.bench;

import dev.mode.config.ModeConfig;
import dev.mode.core.embed.Embedder;
import dev.mode.core.index.IndexLayout;
import dev.mode.indexer.IndexReport;
import dev.mode.indexer.Indexer;
import dev.mode.indexer.ProgressListener;
import dev.mode.indexer.ingest.DocumentSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a full indexing job: wall time, documents/s and passages/s per stage (parse, chunk, embed, cluster,
 * write, gate), the share of time outside embedding, and the peak heap in use (sampled every 20 ms). Each corpus is
 * indexed into a fresh directory, which is removed afterwards.
 */
public final class IndexBenchmark {
  private IndexBenchmark() {}

  /** One stage of one run. */
  public record Stage(String name, long millis, double documentsPerSecond, double passagesPerSecond) {}

  /**
   * One corpus indexed.
   *
   * @param corpus its name
   * @param documents documents indexed
   * @param passages passages indexed
   * @param experts experts built
   * @param totalMillis wall time of the job
   * @param stages per-stage figures, in order
   * @param nonEmbedShare share of the stage time spent outside embedding
   * @param peakHeapBytes highest heap use sampled during the job
   * @param maxHeapBytes the JVM's heap limit
   */
  public record Row(String corpus, long documents, long passages, int experts, long totalMillis, List<Stage> stages,
      double nonEmbedShare, long peakHeapBytes, long maxHeapBytes) {}

  /** Indexes {@code source} with {@code config} (its index dir is replaced by a temporary one) and measures it. */
  public static Row run(String name, DocumentSource source, ModeConfig config, Embedder embedder,
      ProgressListener progress) throws IOException {
    Path dir = Files.createTempDirectory("mode-bench-index");
    System.gc();
    try (var heap = new HeapSampler()) {
      long t0 = System.nanoTime();
      IndexReport r = Indexer.builder().config(config.withIndexDir(dir)).embedder(embedder).source(source).build()
          .run(progress);
      long total = (System.nanoTime() - t0) / 1_000_000;
      Map<String, Long> ms = new LinkedHashMap<>(r.stageMillis());
      long sum = ms.values().stream().mapToLong(Long::longValue).sum();
      long embed = ms.getOrDefault("embed", 0L);
      List<Stage> stages = ms.entrySet().stream().map(e -> new Stage(e.getKey(), e.getValue(),
          rate(r.documents(), e.getValue()), rate(r.passages(), e.getValue()))).toList();
      return new Row(name, r.documents(), r.passages(), r.experts(), total, stages,
          sum == 0 ? 0 : (sum - embed) / (double) sum, heap.peak(), Runtime.getRuntime().maxMemory());
    } finally {
      IndexLayout.deleteTree(dir);
    }
  }

  private static double rate(long n, long millis) {
    return millis <= 0 ? Double.POSITIVE_INFINITY : n * 1000.0 / millis;
  }

  /** Samples used heap in the background. */
  private static final class HeapSampler implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peak;

    HeapSampler() {
      var mem = ManagementFactory.getMemoryMXBean();
      peak = mem.getHeapMemoryUsage().getUsed();
      thread = new Thread(() -> {
        while (running) {
          peak = Math.max(peak, mem.getHeapMemoryUsage().getUsed());
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    long peak() {
      return Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    @Override
    public void close() {
      running = false;
      thread.interrupt();
    }
  }
}
