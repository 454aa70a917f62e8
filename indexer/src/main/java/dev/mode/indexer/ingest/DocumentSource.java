package dev.mode.indexer.ingest;

import dev.mode.core.SourceDocument;
import java.util.function.Consumer;

/**
 * Where documents come from. A source reads its input once, hands each document to {@code documents} and each
 * input it cannot use to {@code skipped} with a reason; bad input never ends the job.
 */
public interface DocumentSource {
  void read(Consumer<SourceDocument> documents, Consumer<Skipped> skipped);
}
