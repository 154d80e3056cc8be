package io.botswarm.chat;

import io.botswarm.chat.ChatCoordinator.MessageReceived;
import io.botswarm.chat.ChatCoordinator.MessageSent;
import io.botswarm.chat.ChatIncoming.MessageAlsoReceived;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The chat's recent messages as each member bot knows them. In a supergroup every bot sees a
 * message under one id; in a basic group each bot has its own numbering, so the same person's
 * message reaches each gateway under another id, and one bot's id for a message may be another
 * bot's id for a different one. A message is therefore known by the id it was journaled under (the
 * first receiver's), by who sent it, when and what, and by the id each bot has for it.
 */
public record Deliveries(List<Delivery> recent) {

  /** Messages remembered: replies and copies arriving later than this many messages are rare. */
  public static final int KEPT = 500;

  /**
   * @param ids each bot's own id for the message; empty when the receiver was not known (then every
   *     bot is taken to have it under {@code messageId}, as in a supergroup)
   * @param heardOnly nobody is to be asked to answer it
   */
  public record Delivery(
      long messageId,
      String senderKey,
      Instant at,
      String text,
      Map<String, Long> ids,
      boolean heardOnly) {
    public Delivery {
      ids = java.util.Collections.unmodifiableMap(new TreeMap<>(ids));
    }
  }

  public static final Deliveries NONE = new Deliveries(List.of());

  public Deliveries {
    recent = recent == null ? List.of() : List.copyOf(recent);
  }

  /**
   * Whether the chat is a basic group, as Telegram numbers chats: a supergroup's id is -100
   * followed by its number, a basic group's any other negative number.
   */
  public static boolean basicGroup(String chatId) {
    return chatId.startsWith("-") && !chatId.startsWith("-100");
  }

  Deliveries received(MessageReceived e) {
    Map<String, Long> ids =
        e.receivedBy().isEmpty() ? Map.of() : Map.of(e.receivedBy(), e.messageId());
    return appended(
        new Delivery(e.messageId(), e.senderKey(), e.at(), e.text(), ids, e.unanswered() != null));
  }

  /** A bot's own message is known to it under the id Telegram gave it. */
  Deliveries sent(MessageSent e) {
    return appended(
        new Delivery(
            e.messageId(),
            "bot:" + e.botId(),
            e.at(),
            e.text(),
            Map.of(e.botId(), e.messageId()),
            false));
  }

  Deliveries also(MessageAlsoReceived e) {
    List<Delivery> out = new ArrayList<>(recent.size());
    for (Delivery d : recent) {
      if (d.messageId() == e.messageId() && !d.ids().isEmpty()) {
        var ids = new TreeMap<>(d.ids());
        ids.put(e.botId(), e.botMessageId());
        d = new Delivery(d.messageId(), d.senderKey(), d.at(), d.text(), ids, d.heardOnly());
      }
      out.add(d);
    }
    return new Deliveries(out);
  }

  /** Whether {@code botId} already delivered a message under its id {@code botMessageId}. */
  public boolean has(String botId, long botMessageId) {
    return canonical(botId, botMessageId).isPresent();
  }

  /** The journaled id of the message {@code botId} knows as {@code botMessageId}. */
  public Optional<Long> canonical(String botId, long botMessageId) {
    for (int i = recent.size() - 1; i >= 0; i--) {
      Long own = recent.get(i).ids().get(botId);
      if (own != null && own == botMessageId) return Optional.of(recent.get(i).messageId());
    }
    return Optional.empty();
  }

  /**
   * A message taken in through another bot's gateway that is the same as this one: same sender,
   * same second, same text (Telegram gives each bot its own id for it in a basic group).
   */
  public Optional<Delivery> sameAs(String senderKey, Instant at, String text) {
    if (senderKey.isEmpty() || at == null) return Optional.empty();
    for (int i = recent.size() - 1; i >= 0; i--) {
      Delivery d = recent.get(i);
      if (!d.ids().isEmpty()
          && d.senderKey().equals(senderKey)
          && at.equals(d.at())
          && d.text().equals(text)) return Optional.of(d);
    }
    return Optional.empty();
  }

  /**
   * {@code botId}'s own id for the message journaled as {@code messageId} (the latest of that id):
   * empty when the bot has not received it (yet); the journaled id itself for a message whose
   * receiver was not known.
   */
  public Optional<Long> idFor(long messageId, String botId) {
    for (int i = recent.size() - 1; i >= 0; i--) {
      Delivery d = recent.get(i);
      if (d.messageId() != messageId) continue;
      return d.ids().isEmpty() ? Optional.of(messageId) : Optional.ofNullable(d.ids().get(botId));
    }
    return Optional.empty();
  }

  /** Whether the message journaled as {@code messageId} is one nobody is to answer. */
  public boolean heardOnly(long messageId) {
    return recent.stream().anyMatch(d -> d.messageId() == messageId && d.heardOnly());
  }

  private Deliveries appended(Delivery d) {
    List<Delivery> out =
        new ArrayList<>(recent.subList(Math.max(0, recent.size() - KEPT + 1), recent.size()));
    out.add(d);
    return new Deliveries(out);
  }
}
