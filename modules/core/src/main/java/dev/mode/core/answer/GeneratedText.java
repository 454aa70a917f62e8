package dev.mode.core.answer;

/**
 * A generator's output.
 *
 * @param text the answer, with citation markers such as [1]
 * @param tokens tokens generated (sentences for the extractive generator)
 * @param stopReason why generation stopped ({@code complete}, {@code max_tokens}, {@code cancelled}, ...)
 */
public record GeneratedText(String text, int tokens, String stopReason) {}
