package io.botswarm.chat;

import akka.Done;
import io.botswarm.bot.BotClient;
import io.botswarm.generation.DraftService;
import java.time.Clock;

/**
 * What a coordinator needs from its node: where messages go, who drafts, who hears, the time, and
 * how it reaches another chat's coordinator (a migrated group hands itself over).
 */
public record ChatServices(
    ChatTransport transport, Drafting drafts, Hearing hearing, Clock clock, ChatDirectory chats) {

  /** Other chats' coordinators through cluster sharding. */
  public ChatServices(ChatTransport transport, Drafting drafts, Hearing hearing, Clock clock) {
    this(transport, drafts, hearing, clock, ChatDirectory.SHARDED);
  }

  /** A node's: drafts from its {@link DraftService}, members hear through {@link BotClient}. */
  public ChatServices(ChatTransport transport, DraftService drafts, BotClient bots, Clock clock) {
    this(
        transport,
        drafts::draft,
        (botId, speaker, text, own) ->
            bots.hear(botId, speaker, text, own).thenApply(heard -> Done.getInstance()),
        clock);
  }
}
