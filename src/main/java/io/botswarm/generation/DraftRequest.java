package io.botswarm.generation;

import io.botswarm.bot.Emotion;
import io.botswarm.bot.Holding;
import io.botswarm.bot.Memory;
import io.botswarm.bot.Persona;
import io.botswarm.bot.Stance;
import java.util.List;
import java.util.Optional;

/**
 * Everything a generator may use to write one message for one bot: who it is, how it feels, the
 * stances, holdings and memories that bear on the conversation, and the conversation itself.
 *
 * @param replyTo the message being answered; empty for a conversation starter
 * @param seed makes the offline generator's choices repeatable
 */
public record DraftRequest(
    String botId,
    Persona persona,
    Emotion emotion,
    List<Stance> stances,
    List<Holding> holdings,
    List<Memory> memories,
    List<ChatLine> recent,
    Optional<ChatLine> replyTo,
    long seed) {

  public DraftRequest {
    stances = List.copyOf(stances);
    holdings = List.copyOf(holdings);
    memories = List.copyOf(memories);
    recent = List.copyOf(recent);
  }
}
