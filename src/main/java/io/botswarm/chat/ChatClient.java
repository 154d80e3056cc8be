package io.botswarm.chat;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The typed facade over chat coordinators for callers outside actors. */
public final class ChatClient {

  private final ClusterSharding sharding;
  private final Duration timeout;

  public ChatClient(ActorSystem<?> system) {
    this(system, system.settings().config().getDuration("botswarm.bot.ask-timeout"));
  }

  /** With its own timeout, for callers that may meet shards on the move (populating a cluster). */
  public ChatClient(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
  }

  public CompletionStage<ChatState> configure(String chatId, ChatSettings settings) {
    return chat(chatId).askWithStatus(r -> new ChatCoordinator.Configure(settings, r), timeout);
  }

  /** The operator's settings for a chat; a dry run answers what would be journaled. */
  public CompletionStage<SettingsApplied> applySettings(
      String chatId, ChatSettings settings, boolean dryRun) {
    return chat(chatId)
        .askWithStatus(r -> new ChatCoordinator.ApplySettings(settings, dryRun, r), timeout);
  }

  public CompletionStage<SettingsApplied> remove(String chatId) {
    return chat(chatId).askWithStatus(ChatCoordinator.Remove::new, timeout);
  }

  /** A bot was added to the group in Telegram: a chat the swarm does not run becomes pending. */
  public CompletionStage<ChatDescription> discover(String chatId, String title, String botId) {
    return chat(chatId).askWithStatus(r -> new ChatCoordinator.Discover(title, botId, r), timeout);
  }

  public CompletionStage<ChatDescription> describe(String chatId) {
    return chat(chatId).askWithStatus(ChatCoordinator.Describe::new, timeout);
  }

  public CompletionStage<ChatCoordinator.Receipt> receive(String chatId, Incoming message) {
    return chat(chatId).askWithStatus(r -> new ChatCoordinator.Receive(message, r), timeout);
  }

  /**
   * Tells the chat that Telegram's flood control holds {@code botId} over all its chats until
   * {@code until}; fire and forget (a chat that does not hear of it learns on its next send).
   */
  public void botFlooded(String chatId, String botId, Instant until) {
    chat(chatId).tell(new ChatStanding.BotFlooded(botId, until));
  }

  public CompletionStage<Verdict> submit(
      String chatId, String botId, String text, Optional<Long> replyTo) {
    return chat(chatId)
        .askWithStatus(r -> new ChatCoordinator.Submit(botId, text, replyTo, r), timeout);
  }

  public CompletionStage<ChatState> state(String chatId) {
    return chat(chatId).askWithStatus(ChatCoordinator.GetChat::new, timeout);
  }

  /**
   * Telegram upgraded the basic group {@code fromChatId} to the supergroup {@code toChatId}: done
   * once the supergroup's coordinator took the chat over (at once when it did before, or when the
   * swarm does not run the group).
   */
  public CompletionStage<Done> migrate(String fromChatId, String toChatId) {
    return chat(fromChatId).askWithStatus(r -> new ChatMigration.MigrateTo(toChatId, r), timeout);
  }

  /**
   * Telegram said whether {@code botId} may post in the chat ({@code my_chat_member}); {@code why}
   * in words. A chat that does not run records nothing.
   */
  public CompletionStage<Done> postingChanged(
      String chatId, String botId, boolean mayPost, String why) {
    return chat(chatId)
        .askWithStatus(r -> new ChatStanding.PostingChanged(botId, mayPost, why, r), timeout);
  }

  private EntityRef<ChatCoordinator.Command> chat(String chatId) {
    return sharding.entityRefFor(ChatCoordinator.ENTITY_KEY, chatId);
  }
}
