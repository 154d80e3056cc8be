package io.botswarm.generation;

import io.botswarm.bot.Emotion;
import io.botswarm.bot.Holding;
import io.botswarm.bot.Memory;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.Persona;
import io.botswarm.bot.PersonaGenerator;
import io.botswarm.bot.Stance;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Draft requests for the demo's generated bots, all in the same conversation. */
final class Requests {

  static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
  static final ChatLine QUESTION =
      new ChatLine(77, "Bob", "", "Is bitcoin going to crash or is gold the better bet?", NOW);

  private Requests() {}

  static DraftRequest forBot(int index, long seed, Optional<ChatLine> replyTo) {
    var b = new PersonaGenerator(42).blueprint(index);
    List<Stance> stances =
        b.stances().stream()
            .map(s -> new Stance(s.topic(), s.position(), s.confidence(), s.rationale(), NOW, NOW))
            .toList();
    List<Holding> holdings =
        b.holdings().stream()
            .map(h -> new Holding(h.symbol(), h.quantity(), h.price(), NOW))
            .toList();
    List<Memory> memories =
        b.facts().stream()
            .map(f -> new Memory(b.facts().indexOf(f) + 1, MemoryType.FACT, f, 0.9, NOW, NOW))
            .toList();
    return new DraftRequest(
        b.botId(),
        b.persona(),
        new Emotion(b.mood(), b.moodIntensity(), NOW),
        stances,
        holdings,
        memories,
        List.of(QUESTION),
        replyTo,
        seed);
  }

  /** The same request, written by a bot with {@code persona}. */
  static DraftRequest withPersona(DraftRequest r, Persona persona) {
    return new DraftRequest(
        r.botId(),
        persona,
        r.emotion(),
        r.stances(),
        r.holdings(),
        r.memories(),
        r.recent(),
        r.replyTo(),
        r.seed());
  }
}
