package dev.mode.core;

/** Time spent in each stage of a request, in milliseconds. */
public record Timings(double embedMs, double gateMs, double retrieveMs, double generateMs, double totalMs) {}
