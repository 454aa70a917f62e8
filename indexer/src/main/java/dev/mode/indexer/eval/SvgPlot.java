package dev.mode.indexer.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Draws nDCG@10 and Recall@100 against the mean number of experts searched, one line per gate (its k = 1..4
 * points), the adaptive policy as a point and exhaustive hybrid search as a dashed reference line. Plain SVG, no
 * library.
 */
public final class SvgPlot {
  private static final int PANEL_W = 420;
  private static final int PANEL_H = 300;
  private static final int MARGIN = 50;
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

  private SvgPlot() {}

  public static void write(EvalReport report, Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Files.writeString(abs, render(report));
  }

  static String render(EvalReport report) {
    int width = 2 * (PANEL_W + 2 * MARGIN);
    int height = PANEL_H + 2 * MARGIN + 30;
    var sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        width, height));
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">%s, %d experts (%s)</text>%n",
        width / 2, esc(report.dataset()), report.experts(), esc(report.assigner())));
    panel(sb, report, 0, "nDCG@10", ModeResult::ndcgAt10);
    panel(sb, report, PANEL_W + 2 * MARGIN, "Recall@100", ModeResult::recallAt100);
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static void panel(StringBuilder sb, EvalReport report, int x0, String metric, ToDoubleFunction<ModeResult> y) {
    List<ModeResult> rs = report.results();
    double yMin = rs.stream().mapToDouble(y).min().orElse(0);
    double yMax = rs.stream().mapToDouble(y).max().orElse(1);
    yMin = Math.max(0, Math.floor((yMin - 0.02) * 20) / 20);
    yMax = Math.min(1, Math.ceil((yMax + 0.01) * 20) / 20);
    if (yMax <= yMin) {
      yMax = yMin + 0.05;
    }
    double xMax = report.experts();
    int left = x0 + MARGIN;
    int top = MARGIN + 10;
    double fyMin = yMin;
    double fyMax = yMax;
    java.util.function.DoubleUnaryOperator px = v -> left + v / xMax * PANEL_W;
    java.util.function.DoubleUnaryOperator py = v -> top + PANEL_H - (v - fyMin) / (fyMax - fyMin) * PANEL_H;
    sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
        left, top, PANEL_W, PANEL_H));
    for (int e = 0; e <= report.experts(); e++) {
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", px.applyAsDouble(e),
          top + PANEL_H + 16, e));
    }
    for (int i = 0; i <= 4; i++) {
      double v = yMin + (yMax - yMin) * i / 4;
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", left - 4,
          py.applyAsDouble(v) + 4, v));
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", left,
          left + PANEL_W, py.applyAsDouble(v), py.applyAsDouble(v)));
    }
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">experts searched per query</text>%n",
        left + PANEL_W / 2, top + PANEL_H + 34));
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>%n",
        left + PANEL_W / 2, top - 8, metric));
    int legend = 0;
    for (ModeResult r : rs) {
      if (r.mode().equals("hybrid")) {
        double v = py.applyAsDouble(y.applyAsDouble(r));
        sb.append(String.format(Locale.ROOT,
            "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" stroke-dasharray=\"5,4\"/>%n", left,
            left + PANEL_W, v, v));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">exhaustive hybrid</text>%n", left + 6, v - 4));
      }
    }
    for (String gate : List.of("centroid", "learned")) {
      List<ModeResult> line = new ArrayList<>(rs.stream().filter(r -> r.mode().equals(gate) && r.k() != null).toList());
      if (line.isEmpty()) {
        continue;
      }
      String color = COLORS[legend % COLORS.length];
      var pts = new StringBuilder();
      for (ModeResult r : line) {
        double cx = px.applyAsDouble(r.expertsSearched());
        double cy = py.applyAsDouble(y.applyAsDouble(r));
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", cx, cy));
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n", cx, cy, color));
      }
      sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
          pts.toString().strip(), color));
      legendEntry(sb, left, top, legend++, color, gate + " gate, k=1..4");
    }
    for (ModeResult r : rs) {
      if (r.mode().equals("adaptive")) {
        String color = COLORS[legend % COLORS.length];
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\"/>%n",
            px.applyAsDouble(r.expertsSearched()) - 4, py.applyAsDouble(y.applyAsDouble(r)) - 4, color));
        legendEntry(sb, left, top, legend++, color, "adaptive (learned gate)");
      }
    }
  }

  private static void legendEntry(StringBuilder sb, int left, int top, int i, String color, String text) {
    int lx = left + PANEL_W - 170;
    int ly = top + PANEL_H - 60 + i * 16;
    sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>%n", lx, ly - 9,
        color));
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", lx + 14, ly, esc(text)));
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
