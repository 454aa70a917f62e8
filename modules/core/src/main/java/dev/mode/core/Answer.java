package dev.mode.core;

import java.util.List;

/**
 * An answer with everything needed to trust and check it.
 *
 * @param question the question asked
 * @param text the answer, with citation markers like [1]
 * @param citations the passages the markers refer to, in marker order
 * @param routing which experts were searched and why
 * @param generator the generator that wrote it ({@code extractive} or a model name)
 * @param extractive true when the text is copied from the sources rather than generated
 * @param stopReason why generation stopped
 * @param timings time per stage
 */
public record Answer(String question, String text, List<Citation> citations, Routing routing, String generator,
    boolean extractive, String stopReason, Timings timings) {}
