package io.botswarm.generation;

import akka.actor.typed.ActorSystem;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the node's generator from configuration. A misconfigured or unreachable endpoint is
 * reported at start in one log line, and the swarm runs on the offline generator instead.
 */
public final class Generators {

  private static final Logger log = LoggerFactory.getLogger(Generators.class);

  private Generators() {}

  public static Generator create(ActorSystem<?> system, GenerationSettings settings) {
    var offline = new OfflineGenerator(settings.seed());
    if (settings.backend().equals("offline")) return offline;
    GenerationSettings.OpenAi openAi;
    try {
      openAi = GenerationSettings.openAiFromConfig(system.settings().config());
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
    return new LlmGenerator(system, openAi, client, offline);
  }
}
