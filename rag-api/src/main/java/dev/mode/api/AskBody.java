package dev.mode.api;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/ask}.
 *
 * @param question the question (required)
 * @param experts experts to search, or null for the configured routing
 * @param passages passages to retrieve, or null for the configured number
 * @param filters metadata filters ({@code key: value}), all of which must match
 */
public record AskBody(String question, Integer experts, Integer passages, Map<String, String> filters) {}
