package io.botswarm.bot;

import io.botswarm.bot.Bot.BotRegistered;
import io.botswarm.bot.Bot.EmotionSet;
import io.botswarm.bot.Bot.EnabledChanged;
import io.botswarm.bot.Bot.Event;
import io.botswarm.bot.Bot.HoldingSet;
import io.botswarm.bot.Bot.PersonaChanged;
import io.botswarm.bot.Bot.SeedMemoriesDeclared;
import io.botswarm.bot.Bot.StanceSet;
import io.botswarm.bot.Bot.TokenRefChanged;
import io.botswarm.bot.BotSpec.HoldingSpec;
import io.botswarm.bot.BotSpec.MemorySpec;
import io.botswarm.bot.BotSpec.StanceSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What applying a {@link BotSpec} changes: the events, in a fixed order, that make a bot what the
 * spec declares. Pure, so a dry run and an apply compute the very same list.
 *
 * <p>The spec is compared with what was last <em>declared</em>, never with the live values: a bot
 * drifts in conversation (stances nudged, feelings fading, memories added), and applying the same
 * spec again must journal nothing. The order: registration (for an unknown or removed bot),
 * persona, enabled, token reference, feeling, stances by topic, holdings by symbol, new seed
 * memories in the spec's order (each with the evictions it causes), the declared seed list.
 */
public final class BotSpecs {

  private BotSpecs() {}

  /**
   * The events that make bot {@code botId}, now in {@code state}, what {@code spec} declares; empty
   * when it already is. {@code spec} must have no {@link BotSpec#problem()}.
   */
  public static List<Event> changes(
      String botId, Bot.State state, BotSpec spec, Instant now, BotSettings settings) {
    var run = new Run(state);
    BotSpec want = spec.normalised();
    if (!(state instanceof Profile)) run.add(new BotRegistered(botId, want.persona(), now));
    Profile p = run.profile();
    BotSpec had = p.declared();
    if (!want.persona().equals(had.persona()))
      run.add(new PersonaChanged(botId, p.persona(), want.persona(), now));
    if (want.enabled() != p.enabled()) run.add(new EnabledChanged(botId, want.enabled(), now));
    if (!Objects.equals(want.tokenRef(), had.tokenRef()))
      run.add(new TokenRefChanged(botId, had.tokenRef(), want.tokenRef(), now));
    if (want.mood() != had.mood() || want.moodIntensity() != had.moodIntensity()) {
      Emotion before = p.emotion().at(now, settings.emotionHalfLife());
      run.add(
          new EmotionSet(
              botId, before.mood(), before.intensity(), want.mood(), want.moodIntensity(), now));
    }
    var topics = new TreeSet<>(had.stances().keySet());
    topics.addAll(want.stances().keySet());
    for (String topic : topics) {
      StanceSpec to = want.stances().get(topic);
      if (Objects.equals(to, had.stances().get(topic))) continue;
      run.add(stanceSet(p, topic, to, now, settings));
    }
    var symbols = new TreeSet<>(had.holdings().keySet());
    symbols.addAll(want.holdings().keySet());
    for (String symbol : symbols) {
      HoldingSpec to = want.holdings().get(symbol);
      if (same(to, had.holdings().get(symbol))) continue;
      Holding live = p.holdings().get(symbol);
      run.add(
          new HoldingSet(
              botId,
              symbol,
              live == null ? BigDecimal.ZERO : live.quantity(),
              live == null ? BigDecimal.ZERO : live.averageCost(),
              to == null ? BigDecimal.ZERO : to.quantity(),
              to == null ? BigDecimal.ZERO : to.averageCost(),
              now));
    }
    for (MemorySpec seed : want.memories())
      if (!run.profile().wasSeeded(seed))
        MemoryKeeping.seed(run.profile(), seed, settings, now).forEach(run::add);
    List<MemorySpec> declaredSeeds = run.profile().declared().memories();
    if (!new HashSet<>(declaredSeeds).equals(new HashSet<>(want.memories())))
      run.add(new SeedMemoriesDeclared(botId, declaredSeeds, want.memories(), now));
    return run.events;
  }

  /**
   * The operator's stance holds whatever the cooldown; taking a side anew (or a first stance)
   * starts a cooldown, so that conversation cannot flip it straight back.
   */
  private static StanceSet stanceSet(
      Profile p, String topic, StanceSpec to, Instant now, BotSettings settings) {
    Stance live = p.stances().get(topic);
    Double previousPosition = live == null ? null : live.position();
    Double previousConfidence = live == null ? null : live.confidence();
    if (to == null)
      return new StanceSet(
          p.botId(), topic, previousPosition, previousConfidence, null, null, null, now);
    Instant cooldownUntil =
        live == null || live.flipsTo(to.position())
            ? now.plus(settings.stanceCooldown())
            : live.cooldownUntil();
    return new StanceSet(
        p.botId(),
        topic,
        previousPosition,
        previousConfidence,
        to.position(),
        to.confidence(),
        cooldownUntil,
        now);
  }

  /** Amounts are compared by value: 1.50 declared is 1.5 declared. */
  private static boolean same(HoldingSpec a, HoldingSpec b) {
    if (a == null || b == null) return a == b;
    return a.quantity().compareTo(b.quantity()) == 0
        && a.averageCost().compareTo(b.averageCost()) == 0;
  }

  /** The events so far and the state they lead to. */
  private static final class Run {
    final List<Event> events = new ArrayList<>();
    Bot.State state;

    Run(Bot.State state) {
      this.state = state;
    }

    void add(Event event) {
      events.add(event);
      state = Bot.applyEvent(state, event);
    }

    Profile profile() {
      return (Profile) state;
    }
  }
}
