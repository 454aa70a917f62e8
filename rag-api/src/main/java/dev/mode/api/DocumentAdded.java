package dev.mode.api;

/**
 * The answer to a document upload.
 *
 * @param id the document's id
 * @param title its title
 * @param passages passages indexed
 * @param contentType its detected media type
 */
public record DocumentAdded(String id, String title, long passages, String contentType) {}
