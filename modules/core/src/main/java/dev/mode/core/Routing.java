package dev.mode.core;

import java.util.List;

/**
 * How a query was routed.
 *
 * @param gate the gate kind ({@code centroid}, {@code learned})
 * @param policy the routing policy ({@code fixed}, {@code adaptive}, {@code exhaustive})
 * @param chosen the experts searched, most probable first
 * @param entropy normalised entropy of the gate's distribution (0 = certain, 1 = uniform)
 * @param fallback true when the gate was unsure and every expert was searched
 * @param passagesScored passages held by the experts searched
 */
public record Routing(String gate, String policy, List<ExpertChoice> chosen, double entropy, boolean fallback,
    long passagesScored) {}
