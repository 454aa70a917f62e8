package dev.mode.cli;

import dev.mode.cli.decoder.BenchDecodeCommand;
import dev.mode.cli.decoder.BenchSamplerCommand;
import dev.mode.cli.decoder.GenerateCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mode} command. Results go to stdout, everything else (progress, logs, errors) to stderr. Errors a user
 * can act on are one line on stderr and exit code 1; usage errors exit 2; no stack traces unless
 * {@code MODE_DEBUG=1}.
 */
@Command(name = "mode", mixinStandardHelpOptions = true, version = "MODE 0.1.0-SNAPSHOT",
    description = "MODE: retrieval-augmented generation as a Mixture of Document Experts.",
    subcommands = {DemoCommand.class, IndexCommand.class, ExpertsCommand.class, SearchCommand.class, AskCommand.class,
        EvalCommand.class, ServeCommand.class, GenerateCommand.class, Main.Bench.class})
public final class Main implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** {@code mode bench ...}: benchmarks, each a subcommand. */
  @Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (figures go to docs/benchmarks.md).",
      subcommands = {BenchIndexCommand.class, BenchDecodeCommand.class, BenchSamplerCommand.class,
          BenchApiCommand.class, BenchStatsCommand.class})
  public static final class Bench implements Runnable {
    @Override
    public void run() {
      CommandLine.usage(this, System.out);
    }
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit code (used by tests). */
  public static int run(String... args) {
    var cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
      PrintWriter err = cmd.getErr();
      err.println("error: " + Errors.describe(ex));
      if ("1".equals(System.getenv("MODE_DEBUG"))) {
        ex.printStackTrace(err);
      }
      err.flush();
      return 1;
    });
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) { // picocli hands only exceptions to the handler; an Error would end in a trace
      System.err.println("error: " + Errors.describe(e));
      if ("1".equals(System.getenv("MODE_DEBUG"))) {
        e.printStackTrace();
      }
      return 1;
    }
  }
}
