package io.botswarm.admin;

import io.botswarm.store.DatabaseUnavailableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * {@link AdminOperations} that records each call and answers what a test set: the admin API and the
 * command line are tested against it, without a swarm behind them. Two ids stand for trouble:
 * {@code ghost_bot} (and chat {@code -404}) is unknown, {@code down_bot} (and chat {@code -503})
 * finds the database down; {@code slow_bot} times out.
 */
public final class RecordingOperations implements AdminOperations {

  public static final PlanReport NO_CHANGES =
      new PlanReport(List.of(), List.of(), List.of(), 3, false, List.of());

  /** Every call, one line each: {@code plan swarm.yaml apply=true prune=false}, {@code export}. */
  public final List<String> calls = new CopyOnWriteArrayList<>();

  /** The definitions received, in order. */
  public final List<String> definitions = new CopyOnWriteArrayList<>();

  public volatile PlanReport nextReport = NO_CHANGES;
  public volatile String exported = "version: 1\nbots: []\nchats: []\n";

  @Override
  public CompletionStage<PlanReport> plan(
      String fileName, String definitionText, boolean apply, boolean prune) {
    calls.add("plan " + fileName + " apply=" + apply + " prune=" + prune);
    definitions.add(definitionText);
    PlanReport report = nextReport;
    return done(
        new PlanReport(
            report.problems(),
            report.warnings(),
            report.changes(),
            report.unchanged(),
            apply && report.problems().isEmpty(),
            report.failed()));
  }

  @Override
  public CompletionStage<String> export() {
    calls.add("export");
    return done(exported);
  }

  @Override
  public CompletionStage<PlanReport> setEnabled(Kind kind, String id, boolean enabled) {
    calls.add((enabled ? "enable " : "disable ") + kind + " " + id);
    return RecordingOperations.<PlanReport>trouble(kind, id)
        .orElseGet(
            () ->
                done(
                    new PlanReport(
                        List.of(),
                        List.of(),
                        List.of("~ " + noun(kind) + " " + id + " enabled"),
                        0,
                        true,
                        List.of())));
  }

  @Override
  public CompletionStage<List<Row>> list(Kind kind, boolean pendingOnly) {
    calls.add("list " + kind + " pending=" + pendingOnly);
    if (kind == Kind.BOT)
      return done(
          List.of(
              new Row("anna_bot", "Anna", "active", columns("chats", List.of("-100123"))),
              new Row(
                  "boris_longer_bot",
                  "Boris",
                  "disabled",
                  columns("chats", List.of("-100123", "-100456")))));
    if (pendingOnly)
      return done(
          List.of(new Row("-100999", "Found Group", "pending", columns("added_by", "anna_bot"))));
    return done(List.of(new Row("-100123", "Crypto Corner", "active", columns("members", 2))));
  }

  @Override
  public CompletionStage<Optional<Map<String, Object>>> show(Kind kind, String id) {
    calls.add("show " + kind + " " + id);
    if (id.equals("anna_bot") || id.equals("-100123")) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("id", id);
      details.put("status", "active");
      details.put("persona", Map.of("name", "Anna"));
      return done(Optional.of(details));
    }
    return RecordingOperations.<Optional<Map<String, Object>>>trouble(kind, id)
        .orElseGet(() -> done(Optional.empty()));
  }

  private static <T> Optional<CompletionStage<T>> trouble(Kind kind, String id) {
    if (id.equals("ghost_bot") || id.equals("-404"))
      return Optional.of(
          CompletableFuture.failedFuture(
              new NoSuchElementException("unknown " + noun(kind) + " " + id)));
    if (id.equals("down_bot") || id.equals("-503"))
      return Optional.of(
          CompletableFuture.failedFuture(
              new DatabaseUnavailableException("connection refused", null)));
    if (id.equals("slow_bot"))
      return Optional.of(CompletableFuture.failedFuture(new TimeoutException("ask timed out")));
    return Optional.empty();
  }

  private static Map<String, Object> columns(String key, Object value) {
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put(key, value);
    return columns;
  }

  private static String noun(Kind kind) {
    return kind == Kind.BOT ? "bot" : "chat";
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
