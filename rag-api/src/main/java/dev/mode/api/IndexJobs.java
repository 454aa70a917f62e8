package dev.mode.api;

import dev.mode.config.ModeConfig;
import dev.mode.core.ModeEngine;
import dev.mode.indexer.IndexReport;
import dev.mode.indexer.Indexer;
import dev.mode.indexer.ingest.FileTreeSource;
import jakarta.annotation.PreDestroy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Runs batch (re)index jobs in the background, one at a time in submission order, with the real {@link Indexer}
 * over the server's configuration; the engine serves the new generation once a job publishes it. Jobs are kept in
 * memory (the last {@value #KEEP} of them).
 */
@Component
public class IndexJobs {
  private static final Logger LOG = LoggerFactory.getLogger(IndexJobs.class);
  static final int KEEP = 100;

  private final ModeConfig config;
  private final ModeEngine engine;
  private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "mode-index-job");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  IndexJobs(ModeConfig config, ModeEngine engine) {
    this.config = config;
    this.engine = engine;
  }

  /** A job's mutable state; read through {@link #view()}. */
  private static final class Job {
    final String id = UUID.randomUUID().toString();
    final List<String> paths;
    final Instant submitted = Instant.now();
    volatile String state = "queued";
    volatile String stage;
    volatile long done;
    volatile long total = -1;
    volatile Instant started;
    volatile Instant finished;
    volatile IndexReport report;
    volatile String error;

    Job(List<String> paths) {
      this.paths = List.copyOf(paths);
    }

    IndexJob view() {
      IndexReport r = report;
      return new IndexJob(id, state, stage, done, total, paths, submitted, started, finished,
          r == null ? null : r.generationDir().getFileName().toString(), r == null ? 0 : r.documents(),
          r == null ? 0 : r.passages(), r == null ? 0 : r.experts(),
          r == null ? List.of() : r.skipped().stream().map(s -> s.source() + ": " + s.reason()).toList(), error);
    }
  }

  /** Checks the request and queues the job. */
  public IndexJob submit(IndexJobBody body) {
    if (body == null || body.paths() == null || body.paths().isEmpty()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "'paths' must list at least one file or directory on the server");
    }
    List<Path> roots = body.paths().stream().map(p -> Path.of(p).toAbsolutePath().normalize()).toList();
    for (Path p : roots) {
      if (!Files.exists(p)) {
        throw new ApiException(HttpStatus.BAD_REQUEST, "no such file or directory on the server: " + p);
      }
    }
    var source = new FileTreeSource(roots, orEmpty(body.include()), orEmpty(body.exclude()));
    var job = new Job(body.paths());
    forgetOldJobs();
    jobs.put(job.id, job);
    runner.submit(() -> run(job, source));
    return job.view();
  }

  /** The job with this id, if it is still known. */
  public Optional<IndexJob> get(String id) {
    return Optional.ofNullable(jobs.get(id)).map(Job::view);
  }

  private void run(Job job, FileTreeSource source) {
    job.started = Instant.now();
    job.state = "running";
    try {
      job.report = Indexer.builder().config(config).source(source).build().run((stage, done, total) -> {
        job.stage = stage;
        job.done = done;
        job.total = total;
      });
      engine.refresh();
      job.state = "succeeded";
    } catch (Exception e) {
      LOG.warn("index job {} failed: {}", job.id, e.toString());
      job.error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      job.state = "failed";
    } finally {
      job.finished = Instant.now();
    }
  }

  private void forgetOldJobs() {
    if (jobs.size() >= KEEP) {
      jobs.values().stream().filter(j -> j.finished != null).min((a, b) -> a.submitted.compareTo(b.submitted))
          .ifPresent(j -> jobs.remove(j.id));
    }
  }

  private static List<String> orEmpty(List<String> l) {
    return l == null ? List.of() : l;
  }

  @PreDestroy
  void close() {
    runner.shutdownNow();
  }
}
