package dev.mode.core;

import java.util.List;

/**
 * An expert as users see it.
 *
 * @param id expert number
 * @param passages passages it holds
 * @param documents documents it holds passages of
 * @param label human label from its top terms
 * @param topTerms its most distinctive terms
 * @param queries queries routed to it since the engine opened this generation (every add or delete publishes a new
 *     generation, so the count starts again)
 */
public record ExpertInfo(int id, long passages, long documents, String label, List<String> topTerms, long queries) {}
