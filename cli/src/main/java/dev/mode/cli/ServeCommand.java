package dev.mode.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mode serve}: delivered by a later issue. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Not yet implemented.")
public final class ServeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return NotYetImplemented.report("serve");
  }
}
