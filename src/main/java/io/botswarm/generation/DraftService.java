package io.botswarm.generation;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.BotSettings;
import io.botswarm.bot.Holding;
import io.botswarm.bot.Memory;
import io.botswarm.bot.Profile;
import io.botswarm.bot.Stance;
import io.botswarm.bot.Words;
import io.botswarm.generation.DraftResult.Draft;
import io.botswarm.generation.DraftResult.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Asks one bot for a message: reads its profile, picks what bears on the conversation (the stances
 * and holdings it mentions, the best memories by {@link MemoryRetrieval}), has the generator write,
 * and marks the memories it used as just accessed. What the bot then feels about the exchange comes
 * later, when the message is heard ({@code Bot.Hear}).
 */
public final class DraftService {

  /** Stances and holdings given when the conversation mentions none of them. */
  static final int DEFAULT_PICKS = 2;

  private final BotClient bots;
  private final Generator generator;
  private final MemoryRetrieval retrieval;
  private final GenerationSettings settings;
  private final Duration emotionHalfLife;
  private final Clock clock;

  public DraftService(
      BotClient bots,
      Generator generator,
      GenerationSettings settings,
      BotSettings botSettings,
      Clock clock) {
    this.bots = bots;
    this.generator = generator;
    this.retrieval = new MemoryRetrieval(settings.weights(), settings.memoryHalfLife());
    this.settings = settings;
    this.emotionHalfLife = botSettings.emotionHalfLife();
    this.clock = clock;
  }

  /** A node's, without a database: the LLM budget counts this node's calls only. */
  public static DraftService create(ActorSystem<?> system) {
    return create(system, BudgetLedger.inMemory());
  }

  /**
   * A node's, its LLM budget counted in the swarm's database ({@code primary}), so that it holds
   * across the cluster.
   */
  public static DraftService create(ActorSystem<?> system, DataSource primary) {
    Executor blocking =
        system
            .dispatchers()
            .lookup(DispatcherSelector.fromConfig("akka.projection.jdbc.blocking-jdbc-dispatcher"));
    return create(system, new JdbcBudgetLedger(primary, blocking));
  }

  private static DraftService create(ActorSystem<?> system, BudgetLedger ledger) {
    var settings = GenerationSettings.fromConfig(system.settings().config());
    return new DraftService(
        new BotClient(system),
        Generators.create(system, settings, ledger),
        settings,
        BotSettings.create(system),
        Clock.systemUTC());
  }

  public Generator generator() {
    return generator;
  }

  /** A draft for no chat in particular: only the bot's and the swarm's LLM budgets count it. */
  public CompletionStage<DraftResult> draft(
      String botId, List<ChatLine> recent, Optional<ChatLine> replyTo) {
    return draft(botId, Optional.empty(), recent, replyTo);
  }

  /** A draft of {@code botId} for chat {@code chatId}, counted against that chat's LLM budget. */
  public CompletionStage<DraftResult> draft(
      String botId, String chatId, List<ChatLine> recent, Optional<ChatLine> replyTo) {
    return draft(botId, Optional.of(chatId), recent, replyTo);
  }

  private CompletionStage<DraftResult> draft(
      String botId, Optional<String> chatId, List<ChatLine> recent, Optional<ChatLine> replyTo) {
    return bots.profile(botId)
        .thenCompose(
            profile -> {
              if (!profile.enabled())
                return CompletableFuture.completedFuture(
                    new Refusal("bot " + botId + " is disabled"));
              DraftRequest asked = requestFor(profile, recent, replyTo, clock.instant());
              DraftRequest request = chatId.map(asked::inChat).orElse(asked);
              return generator.draft(request).thenCompose(result -> touchUsed(botId, result));
            });
  }

  private CompletionStage<DraftResult> touchUsed(String botId, DraftResult result) {
    if (!(result instanceof Draft d) || d.memoryIds().isEmpty())
      return CompletableFuture.completedFuture(result);
    // Losing a touch only makes a memory look older: never worth failing a draft over.
    return bots.touchMemories(botId, d.memoryIds()).handle((p, error) -> result);
  }

  /** What bears on the conversation, for {@code profile} at {@code now}. */
  public DraftRequest requestFor(
      Profile profile, List<ChatLine> recent, Optional<ChatLine> replyTo, Instant now) {
    List<ChatLine> context =
        recent.subList(Math.max(0, recent.size() - settings.recentMessages()), recent.size());
    String query =
        replyTo.map(ChatLine::text).orElse("")
            + " "
            + context.stream()
                .skip(Math.max(0, context.size() - 3))
                .map(ChatLine::text)
                .collect(Collectors.joining(" "));
    Set<String> words = new HashSet<>(Words.of(query));
    // The bot's memory of the very message it answers is no context: it is the message itself.
    List<Memory> candidates =
        replyTo
            .map(
                line ->
                    profile.memories().stream()
                        .filter(m -> !m.content().endsWith(line.text()))
                        .toList())
            .orElse(profile.memories());
    List<Memory> memories =
        retrieval.top(candidates, query, now, settings.memoriesPerDraft()).stream()
            .map(MemoryRetrieval.Scored::memory)
            .toList();
    List<Stance> stances =
        pick(
            profile.stances().values(),
            s -> Words.mentions(words, s.topic()),
            Comparator.comparingDouble(s -> Math.abs(s.position()) * s.confidence()));
    List<Holding> holdings =
        pick(
            profile.holdings().values(),
            h -> words.contains(h.symbol().toLowerCase(Locale.ROOT)),
            Comparator.comparing(h -> h.quantity().multiply(h.averageCost())));
    long seed = settings.seed() ^ replyTo.map(ChatLine::messageId).orElse((long) recent.size());
    return new DraftRequest(
        profile.botId(),
        profile.persona(),
        profile.emotion().at(now, emotionHalfLife),
        stances,
        holdings,
        memories,
        context,
        replyTo,
        seed);
  }

  /** The ones the conversation mentions; when it mentions none, the weightiest few. */
  private static <T> List<T> pick(
      java.util.Collection<T> all,
      java.util.function.Predicate<T> mentioned,
      Comparator<T> weight) {
    List<T> hit = all.stream().filter(mentioned).toList();
    if (!hit.isEmpty()) return hit;
    return all.stream().sorted(weight.reversed()).limit(DEFAULT_PICKS).toList();
  }
}
