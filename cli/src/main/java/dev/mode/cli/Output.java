package dev.mode.cli;

import dev.mode.core.Answer;
import dev.mode.core.Citation;
import dev.mode.core.ExpertChoice;
import dev.mode.core.ExpertInfo;
import dev.mode.core.Routing;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** How the CLI prints results: readable text, or JSON with {@code --json}. */
final class Output {
  private Output() {}

  static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  static String routing(Routing r) {
    var sb = new StringBuilder();
    for (ExpertChoice c : r.chosen()) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append(String.format(Locale.ROOT, "#%d %s (p=%.2f)", c.expert(), c.label(), c.probability()));
    }
    return r.gate() + " gate, " + r.policy() + (r.fallback() ? " (unsure: all experts)" : "") + ": " + sb;
  }

  static void answer(PrintStream out, Answer a, boolean printText) {
    if (printText) {
      out.println("Answer:  " + a.text());
    }
    if (a.extractive() && !a.shortAnswer().isBlank() && !a.shortAnswer().equals(a.text())) {
      out.println("Short:   " + a.shortAnswer());
    }
    out.println("Experts: " + routing(a.routing()));
    out.println("Sources" + (a.extractive() ? " (extractive answer)" : " (" + a.generator() + ")") + ":");
    for (Citation c : a.citations()) {
      if (c.cited()) {
        out.printf(Locale.ROOT, "  [%d] %s  (%s, chars %d-%d, expert %d)%n", c.marker(), c.title(), c.docId(), c.start(),
            c.end(), c.expert());
      }
    }
  }

  static void experts(PrintStream out, List<ExpertInfo> experts) {
    out.printf(Locale.ROOT, "%-6s %9s %9s  %-40s %s%n", "expert", "passages", "documents", "label", "top terms");
    for (ExpertInfo e : experts) {
      out.printf(Locale.ROOT, "%-6d %9d %9d  %-40s %s%n", e.id(), e.passages(), e.documents(), truncate(e.label(), 40),
          String.join(" ", e.topTerms()));
    }
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
