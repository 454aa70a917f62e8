package dev.mode.indexer;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code rebalance} found and did.
 *
 * @param rebalanced whether the experts were re-clustered (false: no drift past the thresholds, nothing written)
 * @param reason why it did or did not
 * @param generationDir the generation now live
 * @param changedShare share of passages added or replaced since the last clustering, before
 * @param sizeFactor largest expert as a multiple of the mean expert size, before, in the unit the clustering
 *     balances (documents with the default assigner)
 * @param sizesBefore passages per expert, before
 * @param sizesAfter passages per expert, after (equal to before when not rebalanced)
 */
public record RebalanceReport(boolean rebalanced, String reason, Path generationDir, double changedShare,
    double sizeFactor, List<Long> sizesBefore, List<Long> sizesAfter) {}
