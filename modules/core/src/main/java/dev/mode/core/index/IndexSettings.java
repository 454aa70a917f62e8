package dev.mode.core.index;

/**
 * What a generation is built with and records in its manifest.
 *
 * @param embeddingModel embedding model id
 * @param dimension vector dimension
 * @param chunkMaxTokens passage size in tokens
 * @param chunkOverlapTokens passage overlap in tokens
 * @param keepGenerations complete generations to keep after publishing
 */
public record IndexSettings(String embeddingModel, int dimension, int chunkMaxTokens, int chunkOverlapTokens,
    int keepGenerations) {}
