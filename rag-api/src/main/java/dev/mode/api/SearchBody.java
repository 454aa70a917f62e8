package dev.mode.api;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/search}.
 *
 * @param query the query (required)
 * @param experts experts to search, or null for the configured routing
 * @param passages hits to return, or null for the configured number
 * @param filters metadata filters ({@code key: value}), all of which must match
 */
public record SearchBody(String query, Integer experts, Integer passages, Map<String, String> filters) {}
