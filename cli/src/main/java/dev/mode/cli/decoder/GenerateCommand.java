package dev.mode.cli.decoder;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the decoder work lands. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Not yet implemented.")
public final class GenerateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("mode generate: not yet implemented");
    return 2;
  }
}
