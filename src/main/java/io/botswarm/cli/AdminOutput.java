package io.botswarm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.botswarm.admin.AdminOperations.PlanReport;
import io.botswarm.admin.AdminOperations.Row;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How the admin commands print: plans like {@code terraform plan}, tables, JSON. */
final class AdminOutput {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private AdminOutput() {}

  /**
   * The plan: its changes, {@code = N unchanged}, warnings on standard output; problems and items
   * that failed on standard error, with a closing {@code swarm: } line.
   *
   * @return the exit code: 1 when there were problems or failures
   */
  static int plan(
      PlanReport report, String what, boolean applying, PrintWriter out, PrintWriter err) {
    report.changes().forEach(out::println);
    if (report.unchanged() > 0 || !report.changes().isEmpty())
      out.println("= " + report.unchanged() + " unchanged");
    report.warnings().forEach(out::println);
    if (!report.problems().isEmpty()) {
      out.flush();
      report.problems().forEach(err::println);
      err.println(
          "swarm: "
              + count(report.problems().size(), "problem")
              + " in "
              + what
              + "; nothing was applied");
      return UserErrors.FAILED;
    }
    if (report.changes().isEmpty()) out.println("no changes");
    else out.println(summary(report.changes(), applying && report.applied(), applying));
    if (!report.failed().isEmpty()) {
      out.flush();
      report.failed().forEach(f -> err.println("failed: " + f));
      err.println(
          "swarm: "
              + count(report.failed().size(), "item")
              + " did not apply; the rest did. Run it again to finish");
      return UserErrors.FAILED;
    }
    return 0;
  }

  /** "applied: 1 to add, ..." or "plan: ..." with the counts of each kind of change. */
  private static String summary(List<String> changes, boolean applied, boolean applying) {
    long add = changes.stream().filter(c -> c.startsWith("+")).count();
    long change = changes.stream().filter(c -> c.startsWith("~")).count();
    long remove = changes.stream().filter(c -> c.startsWith("-")).count();
    String counts = add + " to add, " + change + " to change, " + remove + " to remove";
    if (applied) return "applied: " + counts;
    return "plan: " + counts + (applying ? "" : " (dry run: nothing applied)");
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Rows as a table: id, name, status, then every column any row has, aligned. */
  static void table(List<Row> rows, PrintWriter out) {
    var columns = new LinkedHashSet<String>();
    rows.forEach(r -> columns.addAll(r.columns().keySet()));
    List<String> header = new ArrayList<>(List.of("ID", "NAME", "STATUS"));
    columns.forEach(c -> header.add(c.toUpperCase(Locale.ROOT)));
    List<List<String>> lines = new ArrayList<>();
    lines.add(header);
    for (Row row : rows) {
      List<String> line =
          new ArrayList<>(List.of(cell(row.id()), cell(row.name()), cell(row.status())));
      columns.forEach(c -> line.add(cell(row.columns().get(c))));
      lines.add(line);
    }
    int[] widths = new int[header.size()];
    for (List<String> line : lines)
      for (int i = 0; i < line.size(); i++) widths[i] = Math.max(widths[i], line.get(i).length());
    for (List<String> line : lines) {
      var text = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        String value = line.get(i);
        text.append(value);
        if (i < line.size() - 1) text.append(" ".repeat(widths[i] - value.length() + 2));
      }
      out.println(text);
    }
  }

  /** A value in one cell: lists joined by commas, nothing as "-". */
  private static String cell(Object value) {
    if (value == null) return "-";
    if (value instanceof Collection<?> c)
      return c.isEmpty() ? "-" : String.join(",", c.stream().map(AdminOutput::cell).toList());
    String text = value.toString().replaceAll("\\p{Cntrl}", " ");
    return text.isEmpty() ? "-" : text;
  }

  /** One bot or chat in detail, a key a line, nested values indented. */
  static void details(Map<String, Object> details, PrintWriter out) {
    details(details, "", out);
  }

  private static void details(Map<?, ?> map, String indent, PrintWriter out) {
    for (var entry : map.entrySet()) {
      Object value = entry.getValue();
      if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
        out.println(indent + entry.getKey() + ":");
        details(nested, indent + "  ", out);
      } else if (value instanceof List<?> list
          && list.stream().anyMatch(v -> v instanceof Map<?, ?>)) {
        out.println(indent + entry.getKey() + ":");
        for (Object item : list) {
          if (item instanceof Map<?, ?> m) {
            out.println(indent + "  -");
            details(m, indent + "    ", out);
          } else out.println(indent + "  - " + cell(item));
        }
      } else out.println(indent + entry.getKey() + ": " + cell(value));
    }
  }

  static void json(Object value, PrintWriter out) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the answer as JSON: " + e.getOriginalMessage());
    }
  }
}
