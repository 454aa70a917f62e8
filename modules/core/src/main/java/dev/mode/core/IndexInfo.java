package dev.mode.core;

/**
 * What an engine serves: the index generation it reads and how it answers. A snapshot; an engine moves to a newer
 * generation on its own (after an add, a delete, or a job publishing one).
 *
 * @param generation number of the generation served
 * @param createdAt when it was published (ISO-8601)
 * @param embeddingModel id of the embedding model its passages and queries go through
 * @param documents documents indexed
 * @param passages distinct passages indexed
 * @param experts number of document experts
 * @param generator name of the generator answers come from ({@code extractive}, {@code onnx-moe})
 * @param extractive whether answers are copied from the passages rather than generated
 */
public record IndexInfo(long generation, String createdAt, String embeddingModel, long documents, long passages,
    int experts, String generator, boolean extractive) {}
