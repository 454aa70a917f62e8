package dev.mode.cli;

import dev.mode.core.Answer;
import dev.mode.core.AnswerListener;
import dev.mode.core.ModeEngine;
import dev.mode.core.answer.Cancellation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mode ask}: answers a question with citations; the answer streams as it is written. */
@Command(name = "ask", mixinStandardHelpOptions = true, description = "Answer a question from an index, with citations.")
public final class AskCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Option(names = "--json", description = "Print the answer, citations, routing and timings as JSON.")
  boolean json;

  @Parameters(paramLabel = "QUESTION", arity = "1..*", description = "The question.")
  java.util.List<String> words;

  @Override
  public Integer call() {
    try (ModeEngine engine = engineOptions.open(engineOptions.config())) {
      var request = engineOptions.request(String.join(" ", words));
      if (json) {
        System.out.println(Output.JSON.writeValueAsString(engine.ask(request)));
        return 0;
      }
      System.out.print("Answer:  ");
      Answer a = engine.askStreaming(request, new AnswerListener() {
        @Override
        public void onText(String delta) {
          System.out.print(delta);
          System.out.flush();
        }
      }, new Cancellation());
      System.out.println();
      Output.answer(System.out, a, false);
      return 0;
    }
  }
}
