package io.botswarm.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A line chart as a self-contained SVG file: what a benchmark report links to. */
final class SvgChart {

  record Point(double x, double y) {}

  record Series(String name, List<Point> points) {}

  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
  private static final int WIDTH = 720, HEIGHT = 400, LEFT = 70, RIGHT = 160, TOP = 40, BOTTOM = 50;

  private SvgChart() {}

  static void write(Path file, String title, String xLabel, String yLabel, List<Series> series)
      throws IOException {
    double maxX = 0, maxY = 0;
    for (Series s : series)
      for (Point p : s.points()) {
        if (Double.isFinite(p.x())) maxX = Math.max(maxX, p.x());
        if (Double.isFinite(p.y())) maxY = Math.max(maxY, p.y());
      }
    maxX = nice(maxX);
    maxY = nice(maxY);
    int plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(
        text(LEFT + plotW / 2.0, 22, title, "middle", "font-size=\"14\" font-weight=\"bold\""));
    for (int i = 0; i <= 5; i++) {
      double fx = LEFT + plotW * i / 5.0, fy = TOP + plotH - plotH * i / 5.0;
      svg.append(line(LEFT, fy, LEFT + plotW, fy, "#e0e0e0"));
      svg.append(text(LEFT - 6, fy + 4, number(maxY * i / 5), "end", ""));
      svg.append(text(fx, TOP + plotH + 16, number(maxX * i / 5), "middle", ""));
    }
    svg.append(line(LEFT, TOP, LEFT, TOP + plotH, "black"));
    svg.append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "black"));
    svg.append(text(LEFT + plotW / 2.0, HEIGHT - 10, xLabel, "middle", ""));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
            TOP + plotH / 2.0,
            TOP + plotH / 2.0,
            escape(yLabel)));
    for (int s = 0; s < series.size(); s++) {
      String colour = COLOURS[s % COLOURS.length];
      StringBuilder path = new StringBuilder();
      for (Point p : series.get(s).points()) {
        if (!Double.isFinite(p.y())) continue;
        double x = LEFT + (maxX == 0 ? 0 : plotW * p.x() / maxX);
        double y = TOP + plotH - (maxY == 0 ? 0 : plotH * p.y() / maxY);
        path.append(path.isEmpty() ? "M" : " L")
            .append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>%n",
                x,
                y,
                colour));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
              path,
              colour));
      double ly = TOP + 10 + 18 * s;
      svg.append(line(LEFT + plotW + 12, ly, LEFT + plotW + 32, ly, colour));
      svg.append(text(LEFT + plotW + 38, ly + 4, series.get(s).name(), "start", ""));
    }
    svg.append("</svg>\n");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, svg);
  }

  /** The next round number at or above {@code v}, so that the axes end on readable values. */
  private static double nice(double v) {
    if (v <= 0) return 1;
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 2, 2.5, 5, 10})
      if (step * magnitude >= v) return step * magnitude;
    return 10 * magnitude;
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9
        ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String line(double x1, double y1, double x2, double y2, String colour) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
        x1,
        y1,
        x2,
        y2,
        colour);
  }

  private static String text(double x, double y, String s, String anchor, String extra) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>%n",
        x,
        y,
        anchor,
        extra,
        escape(s));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
