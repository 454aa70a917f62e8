package dev.mode.config;

import java.util.function.Function;

/**
 * One tunable setting: its dotted name, what values it takes and what it does. The registry of all keys is
 * {@link ConfigKeys}; the defaults live in {@code mode-defaults.properties}.
 *
 * @param name dotted key, e.g. {@code gate.top-k}
 * @param allowed human description of the values accepted, shown in errors and in the reference table
 * @param description what the setting does
 * @param parser turns the raw string into a typed value; throws {@link IllegalArgumentException} when not allowed
 */
public record ConfigKey<T>(String name, String allowed, String description, Function<String, T> parser) {

  /** The environment variable that sets this key: {@code MODE_} and the name upper-cased, dots and dashes as underscores. */
  public String envName() {
    return "MODE_" + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The CLI flag that sets this key on any command, e.g. {@code --set gate.top-k=3}. */
  public String flag() {
    return "--set " + name + "=...";
  }
}
