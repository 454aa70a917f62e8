package dev.mode.core;

/**
 * Receives an answer as it is produced: first the routing, then pieces of text as the generator writes them,
 * then the complete answer with its citations. Called on the thread running the request; an exception thrown here
 * ends the request and is thrown by {@link ModeEngine#askStreaming}. Every method does nothing by default.
 */
public interface AnswerListener {
  /** The experts chosen for the question, before any text is written. */
  default void onRouting(Routing routing) {}

  /** The next piece of the answer text, with its citation markers. */
  default void onText(String delta) {}

  /** The complete answer: its text is the concatenation of the pieces. */
  default void onComplete(Answer answer) {}
}
