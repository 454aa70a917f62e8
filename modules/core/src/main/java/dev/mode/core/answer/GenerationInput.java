package dev.mode.core.answer;

import java.util.List;

/**
 * Everything a generator gets for one answer.
 *
 * @param question the user's question
 * @param questionVector its embedding (extractive generators compare sentences to it)
 * @param context the numbered passages, best first
 * @param prompt the rendered prompt (template with context blocks and question), for model-based generators
 */
public record GenerationInput(String question, float[] questionVector, List<ContextPassage> context, String prompt) {}
