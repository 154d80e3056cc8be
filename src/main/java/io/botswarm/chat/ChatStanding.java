package io.botswarm.chat;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import akka.persistence.typed.javadsl.EffectFactories;
import akka.persistence.typed.javadsl.ReplyEffect;
import io.botswarm.chat.ChatCoordinator.Command;
import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatCoordinator.State;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * A member's standing in the chat as Telegram tells it: whether the bot may post there. A bot that
 * may not is journaled as such ({@link MemberCannotPost}), asked for no draft and its submissions
 * are rejected until it is back ({@link MemberMayPostAgain}). Told by {@code my_chat_member}
 * updates ({@link PostingChanged}) or by a send Telegram refused (see {@link ChatOutgoing}). A
 * flood holds a bot for minutes, in this chat or, told by its gateway, over all of them ({@link
 * BotFlooded}). New event classes of #15: journals written before them load unchanged.
 */
public final class ChatStanding {

  /**
   * Telegram says whether {@code botId} may post in the chat ({@code my_chat_member}: member,
   * administrator or restricted with {@code can_send_messages}; or left, kicked, restricted without
   * it); {@code why} is Telegram's status in words. A chat that does not run answers and records
   * nothing.
   */
  public record PostingChanged(
      String botId, boolean mayPost, String why, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /**
   * Telegram said {@code botId} may not post in the chat (a {@code my_chat_member} that kicked,
   * removed or restricted it, or a send refused with 403 or 400 "chat not found"): it is asked for
   * no draft there and its submissions are rejected until {@link MemberMayPostAgain}.
   */
  public record MemberCannotPost(String chatId, String botId, String why, Instant at)
      implements Event {}

  /** Telegram said {@code botId} is back in the chat and may post (re-added, unrestricted). */
  public record MemberMayPostAgain(String chatId, String botId, Instant at) implements Event {}

  /**
   * Telegram's flood control holds {@code botId} over all its chats until {@code until} (a 429 on
   * the bot's own limit, met in another chat): it is asked for no draft here before then. Told by
   * the bot's gateway; not journaled, since a flood ends within minutes.
   */
  public record BotFlooded(String botId, Instant until) implements Command {}

  private final String chatId;
  private final Clock clock;
  private final EffectFactories<Event, State> effects;
  private final Logger log;

  ChatStanding(String chatId, Clock clock, EffectFactories<Event, State> effects, Logger log) {
    this.chatId = chatId;
    this.clock = clock;
    this.effects = effects;
    this.log = log;
  }

  /** Journaled when it changes what the chat knew; answered either way. */
  ReplyEffect<Event, State> postingChanged(ChatState state, PostingChanged cmd) {
    var reply = StatusReply.success(Done.getInstance());
    if (state.settings().member(cmd.botId()).isEmpty()
        || state.mayPost(cmd.botId()) == cmd.mayPost()) return effects.reply(cmd.replyTo(), reply);
    Event event =
        cmd.mayPost()
            ? new MemberMayPostAgain(chatId, cmd.botId(), clock.instant())
            : new MemberCannotPost(chatId, cmd.botId(), cmd.why(), clock.instant());
    return effects
        .persist(event)
        .thenRun(s -> logged(log, event))
        .thenReply(cmd.replyTo(), s -> reply);
  }

  /** The operator's line for a journaled change of standing; other events say nothing here. */
  static void logged(Logger log, Event event) {
    if (event instanceof MemberCannotPost e)
      log.info(
          "chat {}: Telegram does not let bot {} post here ({}); it is asked for no drafts until it is back",
          e.chatId(),
          e.botId(),
          e.why());
    else if (event instanceof MemberMayPostAgain e)
      log.info("chat {}: bot {} may post here again", e.chatId(), e.botId());
  }
}
