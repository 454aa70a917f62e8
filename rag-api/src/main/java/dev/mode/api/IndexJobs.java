package dev.mode.api;

import dev.mode.config.ModeConfig;
import dev.mode.core.ModeEngine;
import dev.mode.indexer.IndexReport;
import dev.mode.indexer.Indexer;
import dev.mode.indexer.ingest.FileTreeSource;
import jakarta.annotation.PreDestroy;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 * memory (the last {@value #KEEP} of them). While a job is queued or running, document updates are refused
 * ({@link IndexWriteGate}): the job's generation is built from the files alone and would drop them.
 */
@Component
public class IndexJobs {
  private static final Logger LOG = LoggerFactory.getLogger(IndexJobs.class);
  static final int KEEP = 100;

  private final ModeConfig config;
  private final ModeEngine engine;
  private final IndexWriteGate gate;
  private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "mode-index-job");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  IndexJobs(ModeConfig config, ModeEngine engine, IndexWriteGate gate) {
    this.config = config;
    this.engine = engine;
    this.gate = gate;
  }

  /** The URL of a job. */
  static String path(String id) {
    return "/api/v1/index/jobs/" + id;
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
    List<Path> roots = new ArrayList<>();
    for (int i = 0; i < body.paths().size(); i++) {
      roots.add(root(i, body.paths().get(i)));
    }
    var source = new FileTreeSource(roots, patterns("include", body.include()), patterns("exclude", body.exclude()));
    var job = new Job(body.paths());
    forgetOldJobs();
    jobs.put(job.id, job);
    gate.jobQueued(job.id); // before the job can run, so that no update slips in between
    try {
      runner.submit(() -> run(job, source));
    } catch (RuntimeException e) {
      gate.jobFinished(job.id);
      jobs.remove(job.id);
      throw e;
    }
    return job.view();
  }

  /**
   * An existing absolute path: a relative one (the empty string included) would name something under whatever
   * directory the server happened to be started in.
   */
  private static Path root(int i, String given) {
    String entry = "'paths[" + i + "]'";
    if (given == null || given.isBlank()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, entry + " is null or empty; give a file or directory on the server");
    }
    Path p;
    try {
      p = Path.of(given);
    } catch (InvalidPathException e) {
      throw new ApiException(HttpStatus.BAD_REQUEST, entry + " is not a valid path: " + e.getMessage());
    }
    if (!p.isAbsolute()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, entry + " ('" + given + "') is relative; give an absolute path");
    }
    p = p.normalize();
    if (!Files.exists(p)) {
      throw new ApiException(HttpStatus.BAD_REQUEST, entry + ": no such file or directory on the server: " + p);
    }
    return p;
  }

  private static List<String> patterns(String field, List<String> given) {
    if (given == null) {
      return List.of();
    }
    for (int i = 0; i < given.size(); i++) {
      if (given.get(i) == null || given.get(i).isBlank()) {
        throw new ApiException(HttpStatus.BAD_REQUEST, "'" + field + "[" + i + "]' is null or empty; give a glob pattern");
      }
    }
    return given;
  }

  /** The job with this id, if it is still known. */
  public Optional<IndexJob> get(String id) {
    return Optional.ofNullable(jobs.get(id)).map(Job::view);
  }

  private void run(Job job, FileTreeSource source) {
    try {
      gate.awaitUpdates();
      job.started = Instant.now();
      job.state = "running";
      job.report = Indexer.builder().config(config).source(source).build().run((stage, done, total) -> {
        job.stage = stage;
        job.done = done;
        job.total = total;
      });
      engine.refresh();
      job.state = "succeeded";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is stopping
      job.error = "the server stopped before the job ran";
      job.state = "failed";
    } catch (Exception e) {
      LOG.warn("index job {} failed: {}", job.id, e.toString());
      job.error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      job.state = "failed";
    } finally {
      job.finished = Instant.now();
      gate.jobFinished(job.id);
    }
  }

  private void forgetOldJobs() {
    if (jobs.size() >= KEEP) {
      jobs.values().stream().filter(j -> j.finished != null).min((a, b) -> a.submitted.compareTo(b.submitted))
          .ifPresent(j -> jobs.remove(j.id));
    }
  }

  @PreDestroy
  void close() {
    runner.shutdownNow();
  }
}
