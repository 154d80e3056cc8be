package io.botswarm.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a node's {@code /metrics} (Prometheus text format), read the way a benchmark needs
 * it: sums of counters, gauges, and histograms as differences between two scrapes.
 */
record Scrape(List<Sample> samples) {

  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern LINE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static Scrape of(HttpClient http, URI metrics) throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200)
      throw new IOException(metrics + " answered " + answer.statusCode());
    return parse(answer.body());
  }

  static Scrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      Matcher m = LINE.matcher(line.trim());
      if (!m.matches()) continue;
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) labels.put(l.group(1), l.group(2));
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return new Scrape(List.copyOf(samples));
  }

  /** The sum of every series of {@code name} whose labels pass {@code filter}. */
  double sum(String name, Predicate<Map<String, String>> filter) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && filter.test(s.labels()))
        .mapToDouble(Sample::value)
        .sum();
  }

  double sum(String name) {
    return sum(name, l -> true);
  }

  /** The values of one label among the series of {@code name}. */
  List<String> labelValues(String name, String label) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().containsKey(label))
        .map(s -> s.labels().get(label))
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * The histogram {@code name} (its {@code _bucket} series, summed over series passing {@code
   * filter}) as it grew from {@code before} to this scrape: cumulative counts by upper bound.
   */
  Histogram histogramSince(Scrape before, String name, Predicate<Map<String, String>> filter) {
    TreeMap<Double, Double> now = buckets(name, filter);
    TreeMap<Double, Double> then = before.buckets(name, filter);
    TreeMap<Double, Double> delta = new TreeMap<>();
    now.forEach((le, count) -> delta.put(le, count - then.getOrDefault(le, 0.0)));
    double sum = sum(name + "_sum", filter) - before.sum(name + "_sum", filter);
    return new Histogram(delta, sum);
  }

  private TreeMap<Double, Double> buckets(String name, Predicate<Map<String, String>> filter) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    for (Sample s : samples)
      if (s.name().equals(name + "_bucket") && filter.test(s.labels())) {
        String le = s.labels().get("le");
        double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        buckets.merge(bound, s.value(), Double::sum);
      }
    return buckets;
  }

  /** Cumulative bucket counts by upper bound, and the sum of the observations. */
  record Histogram(TreeMap<Double, Double> cumulative, double sum) {

    double count() {
      return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
    }

    double mean() {
      return count() == 0 ? Double.NaN : sum / count();
    }

    /**
     * The {@code q} quantile, interpolated linearly inside its bucket as Prometheus's
     * histogram_quantile does; NaN without observations.
     */
    double quantile(double q) {
      double total = count();
      if (total == 0) return Double.NaN;
      double rank = q * total;
      double lower = 0, below = 0;
      for (var b : cumulative.entrySet()) {
        if (b.getValue() >= rank) {
          if (b.getKey().isInfinite()) return lower;
          double inBucket = b.getValue() - below;
          return inBucket == 0
              ? b.getKey()
              : lower + (b.getKey() - lower) * (rank - below) / inBucket;
        }
        lower = b.getKey();
        below = b.getValue();
      }
      return lower;
    }
  }
}
