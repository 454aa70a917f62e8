package dev.mode.core.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Keeps a generated answer's citation markers honest while it streams: a bracket group of numbers such as
 * {@code [2]} or {@code [1, 3]} keeps only the numbers of passages that were in the context, and disappears (with
 * the space before it) when none were. Other bracketed text passes through unchanged. Only trailing whitespace and
 * a possibly open marker are held back, so pieces still stream, and everything passed on concatenates to
 * {@link #text()}.
 * Not thread-safe: one filter per generation.
 */
public final class CitationFilter {
  private static final Pattern OPEN_GROUP = Pattern.compile("\\[[0-9,\\s]*");
  private static final Pattern GROUP = Pattern.compile("\\[\\s*[0-9]+(\\s*,\\s*[0-9]+)*\\s*]");
  /** Longer than any real marker group; past this an open bracket is treated as plain text. */
  private static final int MAX_GROUP_CHARS = 24;

  private final Set<Integer> valid;
  private final Consumer<String> downstream;
  private final StringBuilder pending = new StringBuilder();
  private final StringBuilder out = new StringBuilder();
  /** Whitespace not sent yet: it is dropped when a removed marker follows it. */
  private final StringBuilder held = new StringBuilder();
  private boolean afterDrop;
  private int dropped;

  /**
   * @param valid the markers of the passages in the context
   * @param downstream receives the filtered text
   */
  public CitationFilter(Set<Integer> valid, Consumer<String> downstream) {
    this.valid = Set.copyOf(valid);
    this.downstream = downstream;
  }

  /** Filters a whole text at once. */
  public static String clean(String text, Set<Integer> valid) {
    var f = new CitationFilter(valid, s -> {});
    f.accept(text);
    f.finish();
    return f.text();
  }

  /** Takes the next piece of generated text. */
  public void accept(String piece) {
    var emit = new StringBuilder();
    for (int i = 0; i < piece.length(); i++) {
      char c = piece.charAt(i);
      if (!pending.isEmpty()) {
        pending.append(c);
        if (c == ']') {
          String kept = resolve(pending.toString());
          pending.setLength(0);
          if (kept.isEmpty()) {
            afterDrop = true; // the whitespace before the dropped marker stays held
          } else {
            release(emit, kept);
          }
        } else if (!OPEN_GROUP.matcher(pending).matches() || pending.length() > MAX_GROUP_CHARS) {
          // not a marker after all: release it, except a new '[' that may start one
          boolean reopen = c == '[';
          release(emit, pending.substring(0, pending.length() - (reopen ? 1 : 0)));
          pending.setLength(0);
          if (reopen) {
            pending.append('[');
          }
        }
      } else if (c == '[') {
        pending.append(c);
      } else if (Character.isWhitespace(c)) {
        if (!(afterDrop && !held.isEmpty())) {
          held.append(c);
        }
      } else {
        if (afterDrop && ".,;:!?)".indexOf(c) >= 0) {
          held.setLength(0); // "Paris [7]." becomes "Paris."
        }
        release(emit, String.valueOf(c));
      }
    }
    send(emit);
  }

  /** Releases held-back text at the end of the generation; trailing whitespace is dropped. */
  public void finish() {
    var emit = new StringBuilder();
    if (pending.isEmpty()) {
      held.setLength(0);
    }
    release(emit, pending.toString());
    pending.setLength(0);
    send(emit);
  }

  private void release(StringBuilder emit, String text) {
    emit.append(held).append(text);
    held.setLength(0);
    afterDrop = false;
  }

  /** Everything passed downstream so far. */
  public String text() {
    return out.toString();
  }

  /** Marker numbers removed because no passage in the context had them. */
  public int dropped() {
    return dropped;
  }

  /** The group with only valid markers, or empty when none is valid; non-marker text is returned as is. */
  private String resolve(String group) {
    if (!GROUP.matcher(group).matches()) {
      return group;
    }
    List<String> kept = new ArrayList<>();
    for (String n : group.substring(1, group.length() - 1).split(",")) {
      String num = n.strip();
      if (num.length() <= 6 && valid.contains(Integer.parseInt(num))) {
        kept.add(num);
      } else {
        dropped++;
      }
    }
    return kept.isEmpty() ? "" : "[" + String.join(", ", kept) + "]";
  }

  private void send(StringBuilder emit) {
    if (!emit.isEmpty()) {
      String s = emit.toString();
      out.append(s);
      downstream.accept(s);
    }
  }
}
