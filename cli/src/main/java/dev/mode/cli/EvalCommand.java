package dev.mode.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mode eval}: delivered by a later issue. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Not yet implemented.")
public final class EvalCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return NotYetImplemented.report("eval");
  }
}
