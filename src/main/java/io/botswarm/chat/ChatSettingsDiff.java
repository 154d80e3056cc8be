package io.botswarm.chat;

import io.botswarm.chat.ChatCoordinator.ChatConfigured;
import io.botswarm.chat.ChatCoordinator.ChatDiscovered;
import io.botswarm.chat.ChatCoordinator.ChatRemoved;
import io.botswarm.chat.ChatCoordinator.ChatSettingsChanged;
import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatCoordinator.MemberAdded;
import io.botswarm.chat.ChatCoordinator.MemberChanged;
import io.botswarm.chat.ChatCoordinator.MemberRemoved;
import io.botswarm.chat.ChatCoordinator.State;
import io.botswarm.chat.ChatSettings.Member;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator's change to a chat journals, as a pure function of the coordinator's state, so
 * that a dry run and an apply compute the same events. Members are compared by bot id, in any
 * order; a second apply of the same settings journals nothing.
 */
public final class ChatSettingsDiff {

  private ChatSettingsDiff() {}

  /**
   * The events that bring a chat in {@code state} to {@code desired}, which must already be as the
   * coordinator keeps settings ({@link ChatSettings#withDefaultLimits}). A chat that is not running
   * (unknown, pending, removed) is configured afresh.
   */
  public static List<Event> apply(String chatId, State state, ChatSettings desired, Instant at) {
    if (!(state instanceof ChatState chat)) return List.of(new ChatConfigured(chatId, desired, at));
    ChatSettings current = chat.settings();
    List<Event> events = new ArrayList<>();
    ChatSettings others = desired.withMembers(current.members());
    if (!others.equals(current)) events.add(new ChatSettingsChanged(chatId, current, others, at));
    Map<String, Member> now = byBot(current.members());
    Map<String, Member> wanted = byBot(desired.members());
    for (Member m : current.members())
      if (!wanted.containsKey(m.botId())) events.add(new MemberRemoved(chatId, m, at));
    for (Member m : desired.members()) {
      Member was = now.get(m.botId());
      if (was == null) events.add(new MemberAdded(chatId, m, at));
      else if (!was.equals(m)) events.add(new MemberChanged(chatId, was, m, at));
    }
    return events;
  }

  /** Removing a chat that runs or waits; one never configured or already removed stays as it is. */
  public static List<Event> remove(String chatId, State state, Instant at) {
    return state instanceof ChatState || state instanceof PendingChat
        ? List.of(new ChatRemoved(chatId, at))
        : List.of();
  }

  /**
   * A bot was added to the chat in Telegram. A chat the swarm runs ignores it; any other becomes
   * (or stays) pending, recording each bot once and the latest title.
   */
  public static List<Event> discover(
      String chatId, State state, String title, String botId, Instant at) {
    if (state instanceof ChatState) return List.of();
    if (state instanceof PendingChat p
        && p.discoveredBy().contains(botId)
        && p.title().equals(title)) return List.of();
    return List.of(new ChatDiscovered(chatId, title, botId, at));
  }

  public static ChatDescription describe(String chatId, State state) {
    if (state instanceof ChatState chat)
      return new ChatDescription(
          chatId, ChatDescription.Status.ACTIVE, Optional.of(chat.settings()), "", List.of());
    if (state instanceof PendingChat p)
      return new ChatDescription(
          chatId,
          ChatDescription.Status.PENDING,
          p.before().map(ChatState::settings),
          p.title(),
          p.discoveredBy());
    if (state instanceof RemovedChat r)
      return new ChatDescription(
          chatId,
          ChatDescription.Status.REMOVED,
          r.before().map(ChatState::settings),
          "",
          List.of());
    if (state instanceof MigratedChat m)
      return new ChatDescription(
          chatId,
          ChatDescription.Status.MIGRATED,
          Optional.of(m.before().settings()),
          "",
          List.of());
    return new ChatDescription(
        chatId, ChatDescription.Status.UNKNOWN, Optional.empty(), "", List.of());
  }

  private static Map<String, Member> byBot(List<Member> members) {
    Map<String, Member> map = new LinkedHashMap<>();
    for (Member m : members) map.put(m.botId(), m);
    return map;
  }
}
