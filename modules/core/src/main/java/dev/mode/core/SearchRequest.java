package dev.mode.core;

import java.util.Map;

/**
 * A search or question, with optional per-request overrides of the engine's configuration.
 *
 * @param query the query or question text
 * @param experts experts to search (overrides the policy's k), or null
 * @param passages passages to return, or null for the configured number
 * @param policy routing policy override ({@code fixed}, {@code adaptive}, {@code exhaustive}), or null
 * @param filters metadata filters, all of which must match, or empty (or null); no key or value may be null
 */
public record SearchRequest(String query, Integer experts, Integer passages, String policy, Map<String, String> filters) {
  public SearchRequest {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("the query is empty");
    }
    if (experts != null && experts < 1) {
      throw new IllegalArgumentException("experts must be at least 1, got " + experts);
    }
    if (passages != null && passages < 1) {
      throw new IllegalArgumentException("passages must be at least 1, got " + passages);
    }
    filters = StringMaps.copyOf(filters, "filter");
  }

  /** A request with every setting at the engine's defaults. */
  public static SearchRequest of(String query) {
    return new SearchRequest(query, null, null, null, Map.of());
  }
}
