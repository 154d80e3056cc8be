package io.botswarm.cli;

import akka.actor.typed.ActorSystem;
import akka.pattern.StatusReply;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.PersonaGenerator;
import io.botswarm.bot.PersonaGenerator.Blueprint;
import io.botswarm.bot.Profile;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatSettings;
import io.botswarm.definition.BotEntry;
import io.botswarm.definition.BotEntry.TokenRef;
import io.botswarm.definition.ChatEntry;
import io.botswarm.definition.SwarmDefinition;
import io.botswarm.telegram.sandbox.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The demo's world for a seed: its bots, its group chats (ids, titles, members) and the sandbox
 * tokens of its bots. The same seed gives the same world to {@code swarm demo} and {@code swarm
 * sandbox}, run after run, so that a swarm and a sandbox started apart still agree.
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

  /** A sandbox token per bot, derived from the seed: the same every run, never a real one. */
  Map<String, String> tokens() {
    Map<String, String> tokens = new LinkedHashMap<>();
    for (int i = 0; i < bots.size(); i++) {
      String id = bots.get(i).botId();
      String secret =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(sha256("botswarm-sandbox/" + seed + "/" + id))
              .substring(0, 35);
      tokens.put(id, (800_000_000L + Math.floorMod(seed, 1000) * 100_000L + i) + ":" + secret);
    }
    return tokens;
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
              null));
    return new SwarmDefinition(SwarmDefinition.VERSION, null, entries, chatEntries);
  }

  SandboxSpec sandboxSpec(boolean botToBot) {
    var tokens = tokens();
    List<SandboxSpec.Bot> specs = new ArrayList<>();
    for (Blueprint b : bots)
      specs.add(
          new SandboxSpec.Bot(
              tokens.get(b.botId()), b.botId(), b.persona().name(), false, botToBot));
    List<SandboxSpec.Chat> groups = new ArrayList<>();
    for (ChatPlan c : chats)
      groups.add(
          new SandboxSpec.Chat(
              c.id(), c.title(), c.members().stream().map(Blueprint::botId).toList()));
    return new SandboxSpec(specs, groups, SandboxSpec.FloodLimits.TELEGRAM);
  }

  /** A bot of the world as the cluster has it, and whether the journal had it already. */
  record Established(Profile profile, boolean resumed) {}

  /** The world in the cluster: its bots (in order) and its chats' settings by chat id. */
  record InCluster(List<Established> bots, Map<String, ChatSettings> chats) {
    long resumed() {
      return bots.stream().filter(Established::resumed).count();
    }
  }

  /**
   * Registers the world's bots with their starting beliefs and configures its chats, through
   * sharding from any node. Idempotent: bots already in the journal keep what they have, so a
   * second run (or a second node) finds the same world.
   */
  CompletionStage<InCluster> establish(ActorSystem<?> system) {
    var chatClient = new ChatClient(system, ESTABLISH_TIMEOUT);
    return establishBots(system)
        .thenCompose(
            established -> {
              Map<String, Profile> byId = new HashMap<>();
              established.forEach(e -> byId.put(e.profile().botId(), e.profile()));
              return Source.from(chats)
                  .mapAsync(
                      ESTABLISHING,
                      plan -> {
                        ChatSettings settings = settings(plan, byId);
                        return chatClient
                            .configure(String.valueOf(plan.id()), settings)
                            .thenApply(state -> Map.entry(String.valueOf(plan.id()), settings));
                      })
                  .runWith(Sink.seq(), system)
                  .thenApply(
                      configured -> {
                        Map<String, ChatSettings> byChat = new LinkedHashMap<>();
                        configured.forEach(e -> byChat.put(e.getKey(), e.getValue()));
                        return new InCluster(List.copyOf(established), byChat);
                      });
            });
  }

  /** The world's bots alone, registered with their starting beliefs unless the journal has them. */
  CompletionStage<List<Established>> establishBots(ActorSystem<?> system) {
    var client = new BotClient(system, ESTABLISH_TIMEOUT);
    // A bounded number in flight: ten thousand registrations at once would time out their asks.
    return Source.from(bots)
        .mapAsync(ESTABLISHING, b -> establish(client, b))
        .runWith(Sink.seq(), system);
  }

  private static final int ESTABLISHING = 32;

  /**
   * Populating runs while other nodes join and shards move to them: an ask may wait for a hand-off
   * and a recovery, and one that timed out could not be retried safely (a trade applied twice).
   */
  private static final java.time.Duration ESTABLISH_TIMEOUT = java.time.Duration.ofSeconds(60);

  /** A chat's members with their interests and the topics they hold stances on. */
  private static ChatSettings settings(ChatPlan plan, Map<String, Profile> profiles) {
    List<ChatSettings.Member> members = new ArrayList<>();
    for (Blueprint b : plan.members()) {
      Profile p = profiles.get(b.botId());
      List<String> topics = new ArrayList<>(p.persona().interests());
      topics.addAll(p.stances().keySet());
      members.add(
          new ChatSettings.Member(
              p.botId(),
              p.persona().handle(),
              p.persona().name(),
              topics.stream().distinct().toList()));
    }
    return new ChatSettings(plan.title(), true, members, 0.6, Optional.empty(), Optional.empty());
  }

  /** Registers the bot and gives it its starting beliefs, or finds it already in the journal. */
  private static CompletionStage<Established> establish(BotClient client, Blueprint b) {
    return client
        .register(b.botId(), b.persona())
        .thenCompose(registered -> seedState(client, b).thenApply(p -> new Established(p, false)))
        .exceptionallyCompose(
            e -> {
              Throwable cause = e.getCause() != null ? e.getCause() : e;
              if (cause instanceof StatusReply.ErrorMessage m
                  && m.getMessage().contains("already registered"))
                return client.profile(b.botId()).thenApply(p -> new Established(p, true));
              return CompletableFuture.failedStage(cause);
            });
  }

  private static CompletionStage<Profile> seedState(BotClient client, Blueprint b) {
    CompletionStage<?> chain = client.feel(b.botId(), b.mood(), b.moodIntensity(), "woke up");
    for (var s : b.stances())
      chain =
          chain.thenCompose(
              x ->
                  client.takeStance(
                      b.botId(), s.topic(), s.position(), s.confidence(), s.rationale()));
    for (var h : b.holdings())
      chain = chain.thenCompose(x -> client.trade(b.botId(), h.symbol(), h.quantity(), h.price()));
    for (String fact : b.facts())
      chain = chain.thenCompose(x -> client.remember(b.botId(), MemoryType.FACT, fact, 0.9));
    return chain.thenCompose(x -> client.profile(b.botId()));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
