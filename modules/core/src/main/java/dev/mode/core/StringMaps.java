package dev.mode.core;

import java.util.Map;

/** Copies the key/value maps the public records hold (filters, metadata), refusing nulls with a message that names them. */
final class StringMaps {
  private StringMaps() {}

  /**
   * An immutable copy of {@code map} (empty for null). {@link Map#copyOf} would refuse a null key or value too, but
   * with a bare NullPointerException that says neither which map nor which key.
   */
  static Map<String, String> copyOf(Map<String, String> map, String what) {
    if (map == null) {
      return Map.of();
    }
    map.forEach((k, v) -> {
      if (k == null) {
        throw new IllegalArgumentException(what + " has a null key");
      }
      if (v == null) {
        throw new IllegalArgumentException(what + " '" + k + "' has a null value; leave the key out instead");
      }
    });
    return Map.copyOf(map);
  }
}
