package io.botswarm.generation;

import akka.actor.typed.ActorSystem;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the node's generator from configuration. A misconfigured or unreachable endpoint, or a
 * misconfigured budget, is reported at start in one log line, and the swarm runs on the offline
 * generator instead: never on an endpoint without the budget the operator meant to set.
 */
public final class Generators {

  private static final Logger log = LoggerFactory.getLogger(Generators.class);

  private Generators() {}

  /** The node's generator, with its LLM budget counted in {@code ledger}. */
  public static Generator create(
      ActorSystem<?> system, GenerationSettings settings, BudgetLedger ledger) {
    var offline = new OfflineGenerator(settings.seed());
    if (settings.backend().equals("offline")) return offline;
    GenerationSettings.OpenAi openAi;
    GenerationSettings.Budget budget;
    try {
      openAi = GenerationSettings.openAiFromConfig(system.settings().config());
      budget = GenerationSettings.budgetFromConfig(system.settings().config());
    } catch (ConfigException e) {
      log.error("generation: {}; the swarm runs on the offline generator", e.getMessage());
      return offline;
    }
    var client = new OpenAiClient(openAi, new ObjectMapper());
    client
        .probe(Duration.ofSeconds(3))
        .thenAccept(
            problem ->
                problem.ifPresentOrElse(
                    p ->
                        log.warn(
                            "generation: cannot reach {} ({}); drafts fall back to the offline generator until it answers",
                            openAi.baseUrl(),
                            p),
                    () ->
                        log.info(
                            "generation: {} answers at {}", openAi.model(), openAi.baseUrl())));
    if (budget.limited())
      log.info(
          "generation: LLM budget per UTC day: {} a bot, {} a chat, {} for the swarm; when spent: {}",
          tokens(budget.perBotTokens()),
          tokens(budget.perChatTokens()),
          tokens(budget.swarmTokens()),
          budget.whenSpent().name().toLowerCase(java.util.Locale.ROOT));
    return new LlmGenerator(
        system, openAi, client, offline, new LlmBudget(budget, ledger, Clock.systemUTC()));
  }

  private static String tokens(long limit) {
    return limit == 0 ? "no limit" : limit + " tokens";
  }
}
