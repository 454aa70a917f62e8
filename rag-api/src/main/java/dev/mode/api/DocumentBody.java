package dev.mode.api;

import java.util.Map;

/**
 * A document sent as JSON to {@code POST /api/v1/documents}.
 *
 * @param id unique id (required); a document with the same id is replaced
 * @param title title, or empty
 * @param text its plain text (required)
 * @param source where it came from, or null ({@code api})
 * @param metadata user metadata, usable as search filters
 */
public record DocumentBody(String id, String title, String text, String source, Map<String, String> metadata) {}
