package io.botswarm.journal;

import io.botswarm.bot.Bot;
import io.botswarm.bot.BotSettings;
import io.botswarm.bot.BotSpec;
import io.botswarm.bot.Emotion;
import io.botswarm.bot.Holding;
import io.botswarm.bot.Memory;
import io.botswarm.bot.Profile;
import io.botswarm.bot.Stance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bot as the journal tools see it: replayed by {@link Bot#applyEvent}, checked by its rules
 * (the operator's events included: a {@code StanceSet} may cross a cooldown, a seed memory is
 * remembered once).
 */
public final class BotKind implements EntityKind<Bot.State, Bot.Event> {

  private final int memoryCap;
  private final Duration emotionHalfLife;

  /** Checks against, and describes with, the configured memory cap and emotion half-life. */
  public BotKind(BotSettings settings) {
    this.memoryCap = settings.memoryCap();
    this.emotionHalfLife = settings.emotionHalfLife();
  }

  @Override
  public String typeName() {
    return Bot.ENTITY_KEY.name();
  }

  @Override
  public String shortName() {
    return "bot";
  }

  @Override
  public Class<Bot.Event> eventClass() {
    return Bot.Event.class;
  }

  @Override
  public Bot.State emptyState() {
    return Bot.Unregistered.INSTANCE;
  }

  @Override
  public Bot.State apply(Bot.State state, Bot.Event event) {
    return Bot.applyEvent(state, event);
  }

  @Override
  public List<String> violations(
      String entityId, Bot.State before, Bot.Event event, Bot.State after) {
    List<String> found = new ArrayList<>();
    if (!entityId.equals(event.botId()))
      found.add("event belongs to bot " + event.botId() + ", not " + entityId);
    if (event instanceof Bot.StanceChanged e && before instanceof Profile p) {
      Stance old = p.stances().get(e.topic());
      if (old != null
          && Math.signum(old.position()) != Math.signum(e.position())
          && e.at().isBefore(old.cooldownUntil()))
        found.add(
            String.format(
                "stance on '%s' changed sign (%+.2f to %+.2f) at %s, before its cooldown ended at %s",
                e.topic(), old.position(), e.position(), e.at(), old.cooldownUntil()));
    }
    if (event instanceof Bot.MemorySeeded e && before instanceof Profile p) {
      var seed = new BotSpec.MemorySpec(e.type(), e.content(), e.relevance());
      if (p.wasSeeded(seed))
        found.add(
            "seed memory \"" + e.content() + "\" was seeded before: a seed is remembered once");
    }
    if (event instanceof Bot.StanceSet e
        && e.position() != null
        && (Math.abs(e.position()) > 1
            || e.confidence() == null
            || e.confidence() < 0
            || e.confidence() > 1))
      found.add(
          "stance on '"
              + e.topic()
              + "' set to "
              + e.position()
              + " at confidence "
              + e.confidence()
              + ": position must be in [-1, 1], confidence in [0, 1]");
    if (after instanceof Profile p) {
      for (Holding h : p.holdings().values())
        if (h.quantity().signum() < 0)
          found.add("holding " + h.symbol() + " is negative: " + h.quantity().toPlainString());
      // Evictions are journaled right after the memory that overflowed: only then must it fit.
      boolean remembering =
          event instanceof Bot.MemoryRecorded || event instanceof Bot.MemorySeeded;
      int allowed = remembering ? memoryCap + 1 : memoryCap;
      if (p.memories().size() > allowed)
        found.add(
            "bot remembers " + p.memories().size() + " memories, over the cap of " + memoryCap);
    }
    return found;
  }

  @Override
  public String describe(Bot.State state, Instant asOf) {
    if (state instanceof Bot.Removed r)
      return String.format(
          "bot %s: removed %s (its memory ids go on from %d if it is applied again)%n",
          r.botId(), r.removedAt(), r.nextMemoryId());
    if (!(state instanceof Profile p)) return "not registered";
    var out = new StringBuilder();
    var persona = p.persona();
    out.append(
        String.format(
            "bot %s: %s (@%s), %s, registered %s%n",
            p.botId(),
            persona.name(),
            persona.handle(),
            p.enabled() ? "enabled" : "disabled",
            p.registeredAt()));
    out.append(
        String.format(
            "  persona   %s | style: %s | interests: %s%n",
            nz(persona.bio()),
            nz(persona.speakingStyle()),
            String.join(", ", persona.interests())));
    out.append(
        String.format(
            "  voice     language %s | adjectives: %s | lore: %d | examples: %d%n",
            persona.language(),
            String.join(", ", persona.adjectives()),
            persona.lore().size(),
            persona.examples().size()));
    BotSpec declared = p.declared();
    out.append(
        String.format(
            "  declared  token %s | feels %s %.2f | %d stances, %d holdings, %d seed memories%n",
            declared.tokenRef() == null ? "by bot id" : declared.tokenRef(),
            lower(declared.mood()),
            declared.moodIntensity(),
            declared.stances().size(),
            declared.holdings().size(),
            declared.memories().size()));
    Emotion felt = p.emotion();
    Emotion now = felt.at(asOf, emotionHalfLife);
    out.append(
        String.format(
            "  feels     %s %.2f at %s (%s %.2f since %s)%n",
            lower(now.mood()),
            now.intensity(),
            asOf,
            lower(felt.mood()),
            felt.intensity(),
            felt.since()));
    out.append(String.format("  stances   %d%n", p.stances().size()));
    for (Stance s : p.stances().values())
      out.append(
          String.format(
              "    %-20s %+.2f  confidence %.2f  cooldown until %s  \"%s\"%n",
              s.topic(), s.position(), s.confidence(), s.cooldownUntil(), nz(s.rationale())));
    out.append(String.format("  holdings  %d%n", p.holdings().size()));
    for (Holding h : p.holdings().values())
      out.append(
          String.format(
              "    %-8s %s at an average %s%n",
              h.symbol(), h.quantity().toPlainString(), h.averageCost().toPlainString()));
    out.append(String.format("  memories  %d (cap %d)%n", p.memories().size(), memoryCap));
    for (Memory m : p.memories())
      out.append(
          String.format(
              "    #%-5d %-12s relevance %.2f  last used %s  \"%s\"%n",
              m.id(), lower(m.type()), m.relevance(), m.lastAccessed(), m.content()));
    return out.toString();
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
