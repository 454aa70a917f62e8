package dev.mode.indexer;

import dev.mode.indexer.ingest.Skipped;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a full indexing job did.
 *
 * @param generationDir the generation it published
 * @param documents documents indexed
 * @param passages passages indexed
 * @param experts experts written
 * @param expertSizes passages per expert
 * @param skipped inputs not indexed, with reasons
 * @param stageMillis wall time per stage (parse, chunk, embed, cluster, write, gate)
 */
public record IndexReport(Path generationDir, long documents, long passages, int experts, List<Long> expertSizes,
    List<Skipped> skipped, Map<String, Long> stageMillis) {}
