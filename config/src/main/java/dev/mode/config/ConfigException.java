package dev.mode.config;

/**
 * A configuration value is missing, malformed or out of range. The message names the key, the bad value, where
 * it came from and what is allowed, so it can be shown to a user as it is.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
