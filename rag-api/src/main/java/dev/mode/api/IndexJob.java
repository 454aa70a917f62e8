package dev.mode.api;

import java.time.Instant;
import java.util.List;

/**
 * A batch indexing job as clients see it.
 *
 * @param id job id
 * @param state {@code queued}, {@code running}, {@code succeeded} or {@code failed}
 * @param stage the indexer's current stage (parse, chunk, embed, cluster, write), or null
 * @param done units of the stage done
 * @param total units of the stage in all, or -1 when unknown
 * @param paths what it indexes
 * @param submitted when it was submitted
 * @param started when it started, or null
 * @param finished when it ended, or null
 * @param generation the generation it published, or null
 * @param documents documents indexed, when succeeded
 * @param passages passages indexed, when succeeded
 * @param experts experts written, when succeeded
 * @param skipped inputs not indexed, with reasons
 * @param error why it failed, or null
 */
public record IndexJob(String id, String state, String stage, long done, long total, List<String> paths,
    Instant submitted, Instant started, Instant finished, String generation, long documents, long passages,
    int experts, List<String> skipped, String error) {}
