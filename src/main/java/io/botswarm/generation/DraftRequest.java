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
 * @param chatId the chat the draft is for, when the caller says (the per-chat LLM budget counts
 *     only drafts that name their chat)
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
    long seed,
    Optional<String> chatId) {

  public DraftRequest {
    stances = List.copyOf(stances);
    holdings = List.copyOf(holdings);
    memories = List.copyOf(memories);
    recent = List.copyOf(recent);
  }

  /** A request for no chat in particular (benchmarks, tests). */
  public DraftRequest(
      String botId,
      Persona persona,
      Emotion emotion,
      List<Stance> stances,
      List<Holding> holdings,
      List<Memory> memories,
      List<ChatLine> recent,
      Optional<ChatLine> replyTo,
      long seed) {
    this(
        botId,
        persona,
        emotion,
        stances,
        holdings,
        memories,
        recent,
        replyTo,
        seed,
        Optional.empty());
  }

  /** The same request, for chat {@code chatId}. */
  public DraftRequest inChat(String chatId) {
    return new DraftRequest(
        botId,
        persona,
        emotion,
        stances,
        holdings,
        memories,
        recent,
        replyTo,
        seed,
        Optional.of(chatId));
  }
}
