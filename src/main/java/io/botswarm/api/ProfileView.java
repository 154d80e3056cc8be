package io.botswarm.api;

import io.botswarm.bot.Emotion;
import io.botswarm.bot.Holding;
import io.botswarm.bot.Memory;
import io.botswarm.bot.Persona;
import io.botswarm.bot.Profile;
import io.botswarm.bot.Stance;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bot as {@code GET /bots/<id>} shows it: persona, emotion, stances, holdings and memories, what
 * the bot knows now. The API's own shape, mapped from the entity's {@link Profile} here, so that
 * the entity's state (its snapshots' schema) can change without changing what clients read; the
 * operator's side of a bot (its declared spec, its seed memories) is the admin API's.
 */
public record ProfileView(
    String botId,
    PersonaView persona,
    boolean enabled,
    EmotionView emotion,
    Map<String, StanceView> stances,
    Map<String, HoldingView> holdings,
    List<MemoryView> memories,
    Instant registeredAt) {

  public record PersonaView(
      String name,
      String handle,
      String bio,
      List<String> lore,
      String speakingStyle,
      List<String> adjectives,
      List<String> interests,
      String language,
      List<String> examples) {}

  /** The mood as last felt, and since when (it fades from there). */
  public record EmotionView(String mood, double intensity, Instant since) {}

  public record StanceView(
      String topic,
      double position,
      double confidence,
      String rationale,
      Instant updatedAt,
      Instant cooldownUntil) {}

  public record HoldingView(
      String symbol, BigDecimal quantity, BigDecimal averageCost, Instant updatedAt) {}

  public record MemoryView(
      long id,
      String type,
      String content,
      double relevance,
      Instant createdAt,
      Instant lastAccessed) {}

  public static ProfileView of(Profile p) {
    var stances = new TreeMap<String, StanceView>();
    p.stances().forEach((topic, s) -> stances.put(topic, stance(s)));
    var holdings = new TreeMap<String, HoldingView>();
    p.holdings().forEach((symbol, h) -> holdings.put(symbol, holding(h)));
    return new ProfileView(
        p.botId(),
        persona(p.persona()),
        p.enabled(),
        emotion(p.emotion()),
        stances,
        holdings,
        p.memories().stream().map(ProfileView::memory).toList(),
        p.registeredAt());
  }

  private static PersonaView persona(Persona p) {
    return new PersonaView(
        p.name(),
        p.handle(),
        p.bio(),
        p.lore(),
        p.speakingStyle(),
        p.adjectives(),
        p.interests(),
        p.language(),
        p.examples());
  }

  private static EmotionView emotion(Emotion e) {
    return new EmotionView(e.mood().name(), e.intensity(), e.since());
  }

  private static StanceView stance(Stance s) {
    return new StanceView(
        s.topic(), s.position(), s.confidence(), s.rationale(), s.updatedAt(), s.cooldownUntil());
  }

  private static HoldingView holding(Holding h) {
    return new HoldingView(h.symbol(), h.quantity(), h.averageCost(), h.updatedAt());
  }

  private static MemoryView memory(Memory m) {
    return new MemoryView(
        m.id(), m.type().name(), m.content(), m.relevance(), m.createdAt(), m.lastAccessed());
  }
}
