package dev.mode.api;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SequencedSet;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Keeps document updates and index jobs apart. A job rebuilds the index from files alone, so a document added or
 * deleted while a job is queued or running would be silently undone when the job publishes; such updates are
 * refused with 409 instead. A job starts only once the updates already under way have been published.
 */
@Component
class IndexWriteGate {
  private final SequencedSet<String> jobs = new LinkedHashSet<>();
  private int updates;

  /** A document update let through the gate; close it when the update is published or has failed. */
  interface Update extends AutoCloseable {
    @Override
    void close();
  }

  /** Lets a document update through, or refuses it with 409 while an index job is queued or running. */
  synchronized Update enterUpdate() {
    if (!jobs.isEmpty()) {
      String job = jobs.getFirst();
      throw new ApiException(HttpStatus.CONFLICT, "index job " + job + " is queued or running and will replace the "
          + "index; add or delete documents after it has finished (GET " + IndexJobs.path(job) + ")",
          Map.of("job", job, "jobUrl", IndexJobs.path(job)));
    }
    updates++;
    return new Update() {
      private boolean closed;

      @Override
      public void close() {
        synchronized (IndexWriteGate.this) {
          if (!closed) {
            closed = true;
            updates--;
            IndexWriteGate.this.notifyAll();
          }
        }
      }
    };
  }

  /** Registers a queued job: from now on document updates are refused until {@link #jobFinished}. */
  synchronized void jobQueued(String id) {
    jobs.add(id);
  }

  /** Waits until the document updates that got through the gate before the job was queued are done. */
  synchronized void awaitUpdates() throws InterruptedException {
    while (updates > 0) {
      wait();
    }
  }

  /** The job has ended (published or failed). */
  synchronized void jobFinished(String id) {
    jobs.remove(id);
  }
}
