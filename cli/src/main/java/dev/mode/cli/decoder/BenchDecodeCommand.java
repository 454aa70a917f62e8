package dev.mode.cli.decoder;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the decoder work lands. */
@Command(name = "decode", mixinStandardHelpOptions = true, description = "Not yet implemented.")
public final class BenchDecodeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("mode decode: not yet implemented");
    return 2;
  }
}
