package dev.mode.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Builds a {@link ModeConfig} from layered sources, later ones winning: the defaults file shipped in this
 * module ({@code mode-defaults.properties}), a user file ({@code --config}, same format), environment variables
 * ({@code MODE_GATE_TOP_K=3}) and explicit overrides (CLI flags). Unknown keys in a file or override are errors;
 * unknown {@code MODE_} variables are ignored, because the environment is shared with other tools.
 */
public final class ConfigLoader {
  static final String DEFAULTS_RESOURCE = "/mode-defaults.properties";

  private final Map<String, Sourced> values = new LinkedHashMap<>();

  private record Sourced(String value, String source) {}

  private ConfigLoader() {
    defaults().forEach((k, v) -> values.put(k, new Sourced(v, "defaults")));
  }

  /** A loader holding only the defaults. */
  public static ConfigLoader withDefaults() {
    return new ConfigLoader();
  }

  /** The defaults file as raw strings. */
  public static Map<String, String> defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("mode-defaults.properties is missing from the classpath");
      }
      var p = new Properties();
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      var out = new LinkedHashMap<String, String>();
      for (String name : p.stringPropertyNames()) {
        out.put(name, p.getProperty(name));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Layers a user properties file over what is there. */
  public ConfigLoader file(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file + " does not exist or is not a file");
    }
    var p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
    }
    for (String name : p.stringPropertyNames()) {
      put(name, p.getProperty(name), "config file " + file);
    }
    return this;
  }

  /** Layers the {@code MODE_*} variables of an environment that name a known key. */
  public ConfigLoader environment(Map<String, String> env) {
    for (ConfigKey<?> k : ConfigKeys.ALL) {
      String v = env.get(k.envName());
      if (v != null) {
        values.put(k.name(), new Sourced(v, "environment variable " + k.envName()));
      }
    }
    return this;
  }

  /** Layers explicit overrides, e.g. from CLI flags; {@code source} names them in errors. */
  public ConfigLoader overrides(Map<String, String> overrides, String source) {
    overrides.forEach((k, v) -> put(k, v, source));
    return this;
  }

  /** Layers one override. */
  public ConfigLoader set(String key, String value, String source) {
    put(key, value, source);
    return this;
  }

  private void put(String name, String value, String source) {
    if (ConfigKeys.byName(name).isEmpty()) {
      throw new ConfigException("unknown configuration key '" + name + "' (from " + source
          + "); see docs/configuration.md for the keys MODE understands");
    }
    values.put(name, new Sourced(value, source));
  }

  /** Parses and validates every key and returns the typed configuration. */
  public ModeConfig load() {
    return ModeConfig.bind(new Values());
  }

  /** Typed access to the layered raw values, used by {@link ModeConfig#bind}. */
  final class Values {
    <T> T get(ConfigKey<T> key) {
      Sourced s = values.get(key.name());
      if (s == null) {
        throw new ConfigException("configuration key '" + key.name() + "' has no value; allowed: " + key.allowed());
      }
      try {
        return key.parser().apply(s.value());
      } catch (IllegalArgumentException e) {
        throw invalid(key, e.getMessage());
      }
    }

    ConfigException invalid(ConfigKey<?> key, String why) {
      Sourced s = values.get(key.name());
      return new ConfigException("invalid value '" + s.value() + "' for " + key.name() + " (from " + s.source() + "): "
          + why + "; allowed: " + key.allowed());
    }
  }
}
