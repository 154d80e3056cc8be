package io.botswarm.chat;

import akka.Done;
import java.util.concurrent.CompletionStage;

/** How a member bot hears what was said in its chat: {@code BotClient.hear} on a node. */
@FunctionalInterface
public interface Hearing {

  /**
   * {@code botId} heard {@code speaker} say {@code text}; {@code own} when it was the bot itself.
   * Best effort: the coordinator does not wait for it.
   */
  CompletionStage<Done> hear(String botId, String speaker, String text, boolean own);
}
