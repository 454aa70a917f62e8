package dev.mode.core;

import java.util.List;

/** Ranked hits of a search, with its routing and timings. */
public record SearchResult(String query, List<Hit> hits, Routing routing, Timings timings) {}
