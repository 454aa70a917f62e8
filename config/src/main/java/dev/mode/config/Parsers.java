package dev.mode.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Value parsers shared by the key registry; each failure says what is allowed. */
final class Parsers {
  private Parsers() {}

  static Function<String, Integer> intRange(int min, int max) {
    return s -> {
      int v;
      try {
        v = Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an integer");
      }
      if (v < min || v > max) {
        throw new IllegalArgumentException("out of range");
      }
      return v;
    };
  }

  static Function<String, Long> anyLong() {
    return s -> {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an integer");
      }
    };
  }

  static Function<String, Double> doubleRange(double min, double max, boolean minInclusive) {
    return s -> {
      double v;
      try {
        v = Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number");
      }
      if (Double.isNaN(v) || (minInclusive ? v < min : v <= min) || v > max) {
        throw new IllegalArgumentException("out of range");
      }
      return v;
    };
  }

  static Function<String, String> oneOf(String... values) {
    List<String> allowed = Arrays.asList(values);
    return s -> {
      String v = s.trim().toLowerCase(Locale.ROOT);
      if (!allowed.contains(v)) {
        throw new IllegalArgumentException("not one of " + allowed);
      }
      return v;
    };
  }

  static Function<String, Path> optionalPath() {
    return s -> s.isBlank() ? null : Path.of(s.trim());
  }

  static Function<String, Path> path() {
    return s -> {
      if (s.isBlank()) {
        throw new IllegalArgumentException("empty");
      }
      return Path.of(s.trim());
    };
  }

  static Function<String, String> text() {
    return String::trim;
  }

  static Function<String, List<String>> list() {
    return s -> Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  /** Durations as {@code 500ms}, {@code 30s}, {@code 5m} or ISO-8601 ({@code PT30S}); must be positive. */
  static Function<String, Duration> duration() {
    return s -> {
      String v = s.trim().toLowerCase(Locale.ROOT);
      Duration d;
      try {
        if (v.startsWith("pt")) {
          d = Duration.parse(v.toUpperCase(Locale.ROOT));
        } else if (v.endsWith("ms")) {
          d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        } else if (v.endsWith("s")) {
          d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        } else if (v.endsWith("m")) {
          d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        } else {
          throw new IllegalArgumentException("no unit");
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a duration");
      }
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("not positive");
      }
      return d;
    };
  }
}
