package dev.mode.core.answer;

import dev.mode.core.Hit;

/** A retrieved passage placed in the prompt as block {@code [marker]}. */
public record ContextPassage(int marker, Hit hit) {}
