package io.botswarm.cli;

import io.botswarm.bot.PersonaGenerator;
import io.botswarm.bot.PersonaGenerator.Blueprint;
import io.botswarm.definition.BotEntry;
import io.botswarm.definition.BotEntry.TokenRef;
import io.botswarm.definition.ChatEntry;
import io.botswarm.definition.SwarmDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's generated world for a seed: its bots and its group chats (ids, titles, members), as a
 * swarm definition ({@link #definition()}). The same seed gives the same definition to {@code swarm
 * init}, {@code swarm demo}, {@code swarm sandbox} and scripts/cluster, run after run, so that a
 * swarm and a sandbox started apart still agree.
 */
final class DemoWorld {

  static final String[] TITLES = {"Crypto Corner", "Market Talk", "Macro Mondays", "Degen Den"};

  /** What people ask in the demo's chats (and the load benchmark's). */
  static final List<String> QUESTIONS =
      List.of(
          "Is bitcoin going to crash or is gold the better bet?",
          "What are you buying this week, and why?",
          "Are interest rates about to come down?",
          "AI stocks: bubble or the real thing?",
          "Anyone still bullish on ethereum?",
          "Oil or electric cars for the next ten years?",
          "Is regulation going to kill defi?",
          "Which chip makers are you watching?");

  record ChatPlan(long id, String title, List<Blueprint> members) {}

  final long seed;
  final List<Blueprint> bots;
  final List<ChatPlan> chats;

  private DemoWorld(long seed, List<Blueprint> bots, List<ChatPlan> chats) {
    this.seed = seed;
    this.bots = bots;
    this.chats = chats;
  }

  /** {@code bots} bots shared out over the chats; every chat gets at least two. */
  static DemoWorld of(long seed, int botCount, int chatCount) {
    List<Blueprint> bots = new PersonaGenerator(seed).generate(botCount);
    int count = Math.max(1, chatCount);
    List<ChatPlan> chats = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      List<Blueprint> members = new ArrayList<>();
      for (int i = 0; i < bots.size(); i++)
        if (i % count == c || bots.size() < 2 * count && i % count == (c + 1) % count)
          members.add(bots.get(i));
      long id = Long.parseLong("-100" + (1_000_000 + Math.floorMod(seed * 7919 + c, 9_000_000)));
      String title = c < TITLES.length ? TITLES[c] : "Group " + (c + 1);
      chats.add(new ChatPlan(id, title, List.copyOf(members)));
    }
    return new DemoWorld(seed, bots, List.copyOf(chats));
  }

  /**
   * This world as a swarm definition: each bot's token referenced by its id in the tokens file
   * (where {@code swarm sandbox} writes it), its persona, mood, stances, holdings and facts; the
   * chats with their ids, titles and members, at activity 0.6. A stance's rationale has no place in
   * the file and is left out.
   */
  SwarmDefinition definition() {
    List<BotEntry> entries = new ArrayList<>();
    for (Blueprint b : bots) {
      var p = b.persona();
      entries.add(
          new BotEntry(
              b.botId(),
              p.handle(),
              TokenRef.file(b.botId()),
              null,
              new BotEntry.PersonaEntry(
                  p.name(), p.bio(), null, p.speakingStyle(), null, p.interests(), null, null),
              new BotEntry.EmotionEntry(
                  b.mood().name().toLowerCase(Locale.ROOT), b.moodIntensity()),
              b.stances().stream()
                  .map(s -> new BotEntry.StanceEntry(s.topic(), s.position(), s.confidence()))
                  .toList(),
              b.holdings().stream()
                  .map(h -> new BotEntry.HoldingEntry(h.symbol(), h.quantity(), h.price()))
                  .toList(),
              b.facts().stream().map(f -> new BotEntry.MemoryEntry("fact", f, 0.9)).toList()));
    }
    List<ChatEntry> chatEntries = new ArrayList<>();
    for (ChatPlan c : chats)
      chatEntries.add(
          new ChatEntry(
              c.id(),
              c.title(),
              null,
              c.members().stream().map(m -> new ChatEntry.MemberEntry(m.botId(), null)).toList(),
              0.6,
              null,
              null,
              null,
              null));
    return new SwarmDefinition(SwarmDefinition.VERSION, null, entries, chatEntries);
  }
}
