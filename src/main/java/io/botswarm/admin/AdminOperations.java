package io.botswarm.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the admin API and {@code swarm apply/export/bots/chats} do; implemented over the entities by
 * the integrator.
 *
 * <p>Failures, as the admin API maps them: an {@link IllegalArgumentException} is bad input (400),
 * a {@link java.util.NoSuchElementException} an unknown bot or chat (404), an unavailable database
 * or cluster ({@code DatabaseUnavailableException}, a timeout, an entity that did not answer) 503.
 * Their messages reach the caller, so they say what to do and never hold a secret.
 */
public interface AdminOperations {
  /**
   * Validates the definition text (fileName for messages) and computes the plan; applies it when
   * apply is true.
   */
  CompletionStage<PlanReport> plan(
      String fileName, String definitionText, boolean apply, boolean prune);

  /** The running swarm as swarm.yaml text. */
  CompletionStage<String> export();

  CompletionStage<PlanReport> setEnabled(Kind kind, String id, boolean enabled);

  /** Bots or chats, a row each. */
  CompletionStage<List<Row>> list(Kind kind, boolean pendingOnly);

  /** One bot/chat in detail (JSON-able), empty = unknown. */
  CompletionStage<Optional<Map<String, Object>>> show(Kind kind, String id);

  enum Kind {
    BOT,
    CHAT
  }

  /**
   * @param status active, disabled, pending, removed
   */
  record Row(String id, String name, String status, Map<String, Object> columns) {}

  /**
   * @param problems {@code "swarm.yaml:14:7 bots[2]...: ..."}
   * @param changes {@code "+ bot anna_bot"}, {@code "~ bot boris_bot persona.bio"}, {@code "-
   *     member carla_bot from -100123"}
   * @param failed items that did not apply, with why
   */
  record PlanReport(
      List<String> problems,
      List<String> warnings,
      List<String> changes,
      int unchanged,
      boolean applied,
      List<String> failed) {}
}
