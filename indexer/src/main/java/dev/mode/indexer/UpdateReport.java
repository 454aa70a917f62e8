package dev.mode.indexer;

import dev.mode.indexer.ingest.Skipped;
import java.nio.file.Path;
import java.util.List;

/**
 * What an incremental add or delete did.
 *
 * @param generationDir the generation it published, or the unchanged live one when there was nothing to change
 * @param documentsAdded documents added or replaced
 * @param passagesAdded passages written
 * @param passagesDeleted passages removed (replaced or deleted documents)
 * @param notFound ids asked to be deleted that the index did not hold
 * @param skipped inputs not indexed, with reasons
 * @param changedSinceClustering passages added since the experts were last clustered, now
 * @param passages passages in the index, now
 */
public record UpdateReport(Path generationDir, long documentsAdded, long passagesAdded, long passagesDeleted,
    List<String> notFound, List<Skipped> skipped, long changedSinceClustering, long passages) {}
