package dev.mode.core;

/** An expert the gate chose for a query, with its probability and human label. */
public record ExpertChoice(int expert, double probability, String label) {}
