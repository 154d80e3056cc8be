package io.botswarm.chat;

import akka.pattern.StatusReply;
import akka.persistence.typed.javadsl.EffectFactories;
import akka.persistence.typed.javadsl.ReplyEffect;
import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatCoordinator.Receipt;
import io.botswarm.chat.ChatCoordinator.Receive;
import io.botswarm.chat.ChatCoordinator.State;
import io.botswarm.metrics.SwarmMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A coordinator's incoming side: a message that arrived in the chat is taken in once (by its
 * Telegram id; in a basic group by each bot's own id, and a copy another member's gateway brings is
 * matched by sender, date and text), journaled, heard by every member and answered by those whose
 * turn it is ({@link ChatTurns}), unless it is to be heard only ({@link Unanswered}: a forward, or
 * older than the answer window).
 */
final class ChatIncoming {

  /**
   * In a basic group, a message already taken in ({@code messageId}, the id it was journaled under)
   * reached another member bot, {@code botId}, under that bot's own id {@code botMessageId}: the
   * bot replies to it with that id. New with #15; no earlier journal has it.
   */
  public record MessageAlsoReceived(
      String chatId, long messageId, String botId, long botMessageId, Instant at)
      implements Event {}

  private final String chatId;
  private final ChatCoordinatorSettings settings;
  private final Clock clock;
  private final ChatTurns turns;
  private final EffectFactories<Event, State> effects;

  ChatIncoming(
      String chatId,
      ChatCoordinatorSettings settings,
      Clock clock,
      ChatTurns turns,
      EffectFactories<Event, State> effects) {
    this.chatId = chatId;
    this.settings = settings;
    this.clock = clock;
    this.turns = turns;
    this.effects = effects;
  }

  ReplyEffect<Event, State> receive(ChatState state, Receive cmd) {
    Incoming m = cmd.message();
    // In a basic group each bot numbers messages its own way: its ids are told apart per bot.
    boolean perBot = Deliveries.basicGroup(chatId) && !m.receivedBy().isEmpty();
    boolean seen =
        perBot
            ? state.deliveries().has(m.receivedBy(), m.messageId())
            : state.seen().contains(m.messageId());
    if (state.spokenByMember(m.speakerBotId()) || seen) {
      SwarmMetrics.MESSAGES_DUPLICATE.increment();
      return effects.reply(cmd.replyTo(), StatusReply.success(new Receipt(true)));
    }
    if (m.text() == null || m.text().isBlank())
      return effects.reply(
          cmd.replyTo(), StatusReply.error("message " + m.messageId() + " has no text"));
    if (perBot) {
      var same = state.deliveries().sameAs(m.senderKey(), m.at(), m.text());
      if (same.isPresent()) return anotherCopy(same.get().messageId(), m, cmd);
    }
    Instant now = clock.instant();
    boolean stale = m.at() != null && m.at().isBefore(now.minus(settings.answerWindow()));
    var event = state.received(m, now, m.unanswered().orElse(stale ? Unanswered.BACKLOG : null));
    var line = ChatState.lineOf(event);
    long start = System.nanoTime();
    return effects
        .persist(event)
        .thenRun(
            s -> {
              SwarmMetrics.journalWrite(ChatCoordinator.ENTITY_KEY.name(), start);
              SwarmMetrics.MESSAGES_RECEIVED.increment();
              if (event.unanswered() == null)
                turns.afterMessage(
                    (ChatState) s,
                    line,
                    Optional.ofNullable(event.replyToMessageId()),
                    event.speakerBotId().isEmpty());
              else turns.heardOnly((ChatState) s, line, event.unanswered());
            })
        .thenReply(cmd.replyTo(), s -> StatusReply.success(new Receipt(false)));
  }

  /**
   * A basic group's message already taken in, from another member's gateway under that bot's own
   * id: the id is journaled (the bot replies with it), the message is not taken in again.
   */
  private ReplyEffect<Event, State> anotherCopy(long messageId, Incoming m, Receive cmd) {
    SwarmMetrics.MESSAGES_DUPLICATE.increment();
    var also =
        new MessageAlsoReceived(chatId, messageId, m.receivedBy(), m.messageId(), clock.instant());
    return effects
        .persist(also)
        .thenRun(s -> turns.copyArrived((ChatState) s, messageId, m.receivedBy()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(new Receipt(true)));
  }
}
