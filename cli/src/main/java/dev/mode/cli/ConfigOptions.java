package dev.mode.cli;

import dev.mode.config.ConfigLoader;
import dev.mode.config.ModeConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The configuration options every command takes: a user file and {@code --set key=value} overrides, layered over
 * the defaults and {@code MODE_*} environment variables. A command's dedicated flags (e.g. {@code --index}) are
 * layered last.
 */
public final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (key=value, see docs/configuration.md).")
  Path configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set any configuration key, e.g. --set gate.top-k=3.")
  Map<String, String> overrides = new LinkedHashMap<>();

  /** Loads the configuration with the command's own flags on top ({@code null} values are left out). */
  public ModeConfig load(Map<String, Object> commandFlags) {
    ConfigLoader loader = ConfigLoader.withDefaults();
    if (configFile != null) {
      loader.file(configFile);
    }
    loader.environment(System.getenv());
    loader.overrides(overrides, "--set");
    commandFlags.forEach((k, v) -> {
      if (v != null) {
        loader.set(k, String.valueOf(v), "command-line flag");
      }
    });
    return loader.load();
  }

  public ModeConfig load() {
    return load(Map.of());
  }
}
