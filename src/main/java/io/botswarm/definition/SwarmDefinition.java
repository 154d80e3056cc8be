package io.botswarm.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A swarm definition as written: what is absent in the file is {@code null} here (lists are empty),
 * so a writer can tell a value given from one inherited. {@link #resolved()} is the same definition
 * with every default applied, which is what an apply compares with the running swarm.
 */
public record SwarmDefinition(
    int version, Defaults defaults, List<BotEntry> bots, List<ChatEntry> chats) {

  public static final int VERSION = 1;

  public SwarmDefinition {
    defaults = defaults == null ? Defaults.NONE : defaults;
    bots = bots == null ? List.of() : List.copyOf(bots);
    chats = chats == null ? List.of() : List.copyOf(chats);
  }

  /**
   * Every bot and chat with its defaults filled in: enabled, language, emotion, memory relevance, a
   * chat's activity, starters, quiet hours and limits (per key), and a member's topics (its bot's
   * topics, then its stance topics, each once). The {@code defaults} of the result are the
   * effective ones, built-in values included.
   */
  public SwarmDefinition resolved() {
    Defaults effective = defaults.effective();
    List<BotEntry> resolvedBots = bots.stream().map(b -> b.resolved(effective)).toList();
    Map<String, BotEntry> byId =
        resolvedBots.stream()
            .collect(Collectors.toMap(BotEntry::id, Function.identity(), (first, second) -> first));
    List<ChatEntry> resolvedChats = new ArrayList<>();
    for (ChatEntry chat : chats) resolvedChats.add(chat.resolved(effective, byId));
    return new SwarmDefinition(version, effective, resolvedBots, resolvedChats);
  }

  /** A bot of this definition by id. */
  public java.util.Optional<BotEntry> bot(String id) {
    return bots.stream().filter(b -> b.id().equals(id)).findFirst();
  }
}
