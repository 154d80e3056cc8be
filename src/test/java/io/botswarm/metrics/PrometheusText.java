package io.botswarm.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict reader of Prometheus' text exposition format (0.0.4), for checking what we serve. */
final class PrometheusText {

  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
  private static final Pattern SAMPLE =
      Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"(,|$)");

  private PrometheusText() {}

  /** Every sample; fails on the first line that is not valid exposition format. */
  static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    int n = 0;
    for (String line : text.split("\n")) {
      n++;
      if (line.isEmpty()) continue;
      if (line.startsWith("#")) {
        if (line.startsWith("# TYPE") && !TYPE.matcher(line).matches()) throw bad(n, line);
        if (line.startsWith("# HELP") && !HELP.matcher(line).matches()) throw bad(n, line);
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) throw bad(n, line);
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null && !m.group(3).isEmpty()) {
        Matcher l = LABEL.matcher(m.group(3));
        int end = 0;
        while (l.find() && l.start() == end) {
          labels.put(l.group(1), l.group(2));
          end = l.end();
        }
        if (end != m.group(3).length()) throw bad(n, line);
      }
      samples.add(new Sample(m.group(1), labels, value(m.group(4), n, line)));
    }
    return samples;
  }

  private static double value(String v, int n, String line) {
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw bad(n, line);
        }
      }
    };
  }

  private static IllegalArgumentException bad(int n, String line) {
    return new IllegalArgumentException("line " + n + " is not Prometheus text format: " + line);
  }
}
