package dev.mode.core;

/**
 * Receives an answer as it is produced: first the routing, then pieces of text as the generator writes them,
 * then the complete answer with its citations. Called on the thread running the request.
 */
public interface AnswerListener {
  default void onRouting(Routing routing) {}

  default void onText(String delta) {}

  default void onComplete(Answer answer) {}
}
