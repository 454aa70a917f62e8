package dev.mode.cli;

import dev.mode.core.Answer;
import dev.mode.core.AnswerListener;
import dev.mode.core.Cancellation;
import dev.mode.core.ModeEngine;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mode ask}: answers a question with citations and the experts searched. As text, the answer streams as it
 * is written, then its short answer, experts and cited sources follow; with {@code --json} one JSON object (the
 * {@link Answer} record) is printed when the answer is complete. Exit codes: 0 answered, 1 a problem with the
 * index, model or configuration (one line on stderr), 2 a usage error such as an empty question.
 */
@Command(name = "ask", mixinStandardHelpOptions = true, description = "Answer a question from an index, with citations.")
public final class AskCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin EngineOptions engineOptions;

  @Option(names = "--json", description = "Print the answer, citations, routing and timings as one JSON object.")
  boolean json;

  @Parameters(paramLabel = "QUESTION", arity = "1..*", description = "The question.")
  List<String> words;

  @Override
  public Integer call() {
    String question = String.join(" ", words).strip();
    if (question.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "the question is empty");
    }
    try (ModeEngine engine = engineOptions.open(engineOptions.config())) {
      var request = engineOptions.request(question);
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
