package io.botswarm.journal;

import io.botswarm.chat.ChatCoordinator;
import io.botswarm.chat.ChatMigration;
import io.botswarm.chat.ChatSettings;
import io.botswarm.chat.ChatState;
import io.botswarm.chat.MigratedChat;
import io.botswarm.chat.PendingChat;
import io.botswarm.chat.RemovedChat;
import io.botswarm.generation.ChatLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A chat's coordinator as the journal tools see it: replayed by {@link ChatCoordinator#applyEvent};
 * checked that no message was admitted over a limit, that every outcome belongs to an admitted
 * message, and that an operator's change starts from what the chat had (its previous settings and
 * members), a discovery happens only in a chat the swarm does not run, and a migrated chat records
 * nothing but the outcomes of messages on their way and its hand-over.
 */
public final class ChatKind implements EntityKind<ChatCoordinator.State, ChatCoordinator.Event> {

  @Override
  public String typeName() {
    return ChatCoordinator.ENTITY_KEY.name();
  }

  @Override
  public String shortName() {
    return "chat";
  }

  @Override
  public Class<ChatCoordinator.Event> eventClass() {
    return ChatCoordinator.Event.class;
  }

  @Override
  public ChatCoordinator.State emptyState() {
    return ChatCoordinator.Unconfigured.INSTANCE;
  }

  @Override
  public ChatCoordinator.State apply(ChatCoordinator.State state, ChatCoordinator.Event event) {
    return ChatCoordinator.applyEvent(state, event);
  }

  @Override
  public List<String> violations(
      String entityId,
      ChatCoordinator.State before,
      ChatCoordinator.Event event,
      ChatCoordinator.State after) {
    List<String> found = new ArrayList<>();
    if (!entityId.equals(event.chatId()))
      found.add("event belongs to chat " + event.chatId() + ", not " + entityId);
    if (before instanceof ChatState chat) {
      if (event instanceof ChatCoordinator.DraftAdmitted e) {
        Instant allowed = chat.limiter().earliest(e.botId(), e.at());
        if (allowed.isAfter(e.at()))
          found.add(
              "draft "
                  + e.draftId()
                  + " of "
                  + e.botId()
                  + " was admitted at "
                  + e.at()
                  + " over the "
                  + chat.limiter().blocking(e.botId(), e.at())
                  + " (allowed from "
                  + allowed
                  + ")");
      }
      found.addAll(changeViolations(chat.settings(), event));
      if (event instanceof ChatCoordinator.ChatDiscovered)
        found.add("chat discovered while the swarm runs it");
      if (event instanceof ChatMigration.ChatContinued)
        found.add("chat continued from another while the swarm runs it");
      long draftId = outcomeOf(event);
      if (draftId > 0 && !chat.pending().containsKey(draftId))
        found.add(
            "an outcome for draft " + draftId + ", which is not waiting for one (sent twice?)");
    }
    if (before instanceof MigratedChat migrated) {
      long draftId = outcomeOf(event);
      if (draftId == 0 && !(event instanceof ChatMigration.ChatHandedOver))
        found.add(
            event.getClass().getSimpleName()
                + " after the chat was upgraded to "
                + migrated.toChatId()
                + " (nothing but outcomes and the hand-over belong here)");
      else if (draftId > 0 && !migrated.before().pending().containsKey(draftId))
        found.add(
            "an outcome for draft " + draftId + ", which is not waiting for one (sent twice?)");
    }
    return found;
  }

  private static List<String> changeViolations(ChatSettings settings, ChatCoordinator.Event event) {
    if (event instanceof ChatCoordinator.ChatSettingsChanged e) {
      if (!e.previous().equals(settings))
        return List.of("settings changed from " + e.previous() + ", not what the chat had");
      if (!e.settings().members().equals(settings.members()))
        return List.of("a settings change that also changes the members");
    } else if (event instanceof ChatCoordinator.MemberAdded e) {
      if (settings.member(e.member().botId()).isPresent())
        return List.of("bot " + e.member().botId() + " added twice");
    } else if (event instanceof ChatCoordinator.MemberRemoved e) {
      if (settings.member(e.member().botId()).isEmpty())
        return List.of("bot " + e.member().botId() + " removed but not a member");
    } else if (event instanceof ChatCoordinator.MemberChanged e) {
      if (!settings.member(e.member().botId()).equals(Optional.of(e.previous())))
        return List.of("member " + e.member().botId() + " changed from what the chat did not have");
    }
    return List.of();
  }

  private static long outcomeOf(ChatCoordinator.Event event) {
    if (event instanceof ChatCoordinator.MessageSent e) return e.draftId();
    if (event instanceof ChatCoordinator.SendFailed e) return e.draftId();
    if (event instanceof ChatCoordinator.SendOutcomeUnknown e) return e.draftId();
    return 0;
  }

  @Override
  public String describe(ChatCoordinator.State state, Instant asOf) {
    if (state instanceof PendingChat p)
      return String.format(
          "chat %s: pending (\"%s\"), bots added to it: %s; silent until the swarm definition lists it%n",
          p.chatId(), p.title(), String.join(", ", p.discoveredBy()));
    if (state instanceof RemovedChat r)
      return String.format("chat %s: removed from the swarm at %s%n", r.chatId(), r.at());
    if (state instanceof MigratedChat m)
      return String.format(
          "chat %s: upgraded to the supergroup %s at %s, which continues it (%s)%n",
          m.chatId(),
          m.toChatId(),
          m.at(),
          m.handedOver() ? "handed over" : "hand-over not yet acknowledged");
    if (!(state instanceof ChatState chat)) return "not configured";
    var s = chat.settings();
    var out = new StringBuilder();
    out.append(
        String.format(
            "chat %s: %s, %s, activity %.2f, %s%n",
            chat.chatId(),
            s.title(),
            s.enabled() ? "bots may speak" : "bots silenced",
            s.activity(),
            s.starters() ? "starters when idle" : "no starters"));
    out.append("  members   ")
        .append(String.join(", ", s.members().stream().map(m -> "@" + m.handle()).toList()))
        .append('\n');
    s.limits()
        .ifPresent(
            l ->
                out.append(
                    String.format(
                        "  limits    %d/s per chat, %d/min per group, %d/min chat-wide, %d/h per bot, %d s between a bot's messages%n",
                        l.perChatPerSecond(),
                        l.perGroupPerMinute(),
                        l.chatPerMinute(),
                        l.perBotPerHour(),
                        l.minGapPerBot().toSeconds())));
    out.append(
        String.format(
            "  budget    %d of %d left this minute (chat-wide) at %s%n",
            chat.limiter().chatWideLeft(asOf),
            s.limits().map(l -> l.chatPerMinute()).orElse(0),
            asOf));
    out.append(
        String.format(
            "  waiting   %d messages admitted, outcome not yet known%n", chat.pending().size()));
    out.append(String.format("  recent    %d messages%n", chat.recent().size()));
    for (ChatLine line : chat.last(10))
      out.append(
          String.format(
              "    #%-6d %s %s: %s%n", line.messageId(), line.at(), line.speaker(), line.text()));
    return out.toString();
  }
}
