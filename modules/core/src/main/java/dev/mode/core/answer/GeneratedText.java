package dev.mode.core.answer;

/**
 * A generator's output.
 *
 * @param text the answer, with citation markers such as [1]
 * @param shortAnswer the shortest text that answers the question: for the extractive generator a span copied from
 *     the best sentence (e.g. a name, a date, a number), for a model the text without its citation markers
 * @param tokens tokens generated (sentences for the extractive generator)
 * @param stopReason why generation stopped ({@code complete}, {@code max_tokens}, {@code cancelled},
 *     {@code no_context})
 */
public record GeneratedText(String text, String shortAnswer, int tokens, String stopReason) {}
