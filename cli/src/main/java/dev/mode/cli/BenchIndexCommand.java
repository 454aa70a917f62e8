package dev.mode.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mode bench index}: delivered by the indexer issue. */
@Command(name = "index", mixinStandardHelpOptions = true, description = "Indexing throughput per stage. Not yet implemented.")
public final class BenchIndexCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return NotYetImplemented.report("bench index");
  }
}
