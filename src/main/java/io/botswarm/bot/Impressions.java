package io.botswarm.bot;

import io.botswarm.bot.Bot.EmotionChanged;
import io.botswarm.bot.Bot.Event;
import io.botswarm.bot.Bot.StanceChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What hearing a message (or its own) does to a bot: a memory of it, relevant in proportion to how
 * much it touches the bot; a shift of feeling with the message's tone; small moves of the stances
 * it mentions, never across a side before the stance's cooldown ends. Pure and deterministic, so
 * the entity journals exactly what this computes.
 */
final class Impressions {

  /** Below this absolute tone a message leaves feelings and stances alone. */
  static final double FELT = 0.25;

  static final int MAX_QUOTE = 500;

  private static final Map<String, Double> TONE =
      Map.ofEntries(
          Map.entry("great", 0.6),
          Map.entry("love", 0.7),
          Map.entry("moon", 0.8),
          Map.entry("bullish", 0.7),
          Map.entry("win", 0.6),
          Map.entry("winning", 0.6),
          Map.entry("gain", 0.5),
          Map.entry("gains", 0.5),
          Map.entry("up", 0.2),
          Map.entry("good", 0.4),
          Map.entry("amazing", 0.8),
          Map.entry("rally", 0.6),
          Map.entry("pump", 0.5),
          Map.entry("strong", 0.4),
          Map.entry("happy", 0.6),
          Map.entry("agree", 0.4),
          Map.entry("thanks", 0.4),
          Map.entry("profit", 0.5),
          Map.entry("crash", -0.8),
          Map.entry("scam", -0.9),
          Map.entry("dump", -0.6),
          Map.entry("hate", -0.8),
          Map.entry("bearish", -0.7),
          Map.entry("loss", -0.6),
          Map.entry("losses", -0.6),
          Map.entry("down", -0.2),
          Map.entry("bad", -0.5),
          Map.entry("terrible", -0.8),
          Map.entry("fear", -0.6),
          Map.entry("panic", -0.8),
          Map.entry("rekt", -0.8),
          Map.entry("bubble", -0.5),
          Map.entry("wrong", -0.4),
          Map.entry("fraud", -0.9),
          Map.entry("weak", -0.4),
          Map.entry("worried", -0.5));

  private Impressions() {}

  /** The tone of a text in [-1, 1]: its tonal words summed, damped by how many there are. */
  static double tone(List<String> words) {
    double sum = 0;
    int tonal = 0;
    for (String w : words) {
      Double t = TONE.get(w);
      if (t != null) {
        sum += t;
        tonal++;
      }
    }
    return tonal == 0 ? 0 : Math.max(-1, Math.min(1, sum / Math.sqrt(tonal)));
  }

  static List<Event> of(Profile p, Bot.Hear heard, BotSettings settings, Instant now) {
    List<String> wordList = Words.of(heard.text());
    Set<String> words = new HashSet<>(wordList);
    double tone = tone(wordList);
    String lower = heard.text().toLowerCase(Locale.ROOT);
    boolean addressed = lower.contains("@" + p.persona().handle().toLowerCase(Locale.ROOT));
    Set<String> topics = new HashSet<>(p.stances().keySet());
    p.persona().interests().forEach(i -> topics.add(i.toLowerCase(Locale.ROOT)));
    long touched = topics.stream().filter(t -> Words.mentions(words, t)).count();

    double relevance =
        0.3
            + 0.15 * Math.min(2, touched)
            + (addressed ? 0.2 : 0)
            + (heard.ownMessage() ? 0.1 : 0)
            + 0.2 * Math.abs(tone);
    String quote =
        heard.text().length() > MAX_QUOTE
            ? heard.text().substring(0, MAX_QUOTE - 3) + "..."
            : heard.text();
    String content = (heard.ownMessage() ? "I said" : heard.speaker() + " said") + ": " + quote;
    List<Event> events =
        new ArrayList<>(
            MemoryKeeping.remember(
                p,
                MemoryType.CONVERSATION,
                content,
                round2(Math.min(1, relevance)),
                settings,
                now));
    if (heard.ownMessage() || Math.abs(tone) < FELT) return events;

    Emotion before = p.emotion().at(now, settings.emotionHalfLife());
    Mood mood =
        tone > 0
            ? (tone > 0.6 ? Mood.EXCITED : Mood.JOYFUL)
            : (tone < -0.6 ? Mood.ANGRY : Mood.ANXIOUS);
    double intensity =
        round2(
            Math.min(
                1,
                (before.mood() == mood ? before.intensity() : before.intensity() * 0.5)
                    + Math.abs(tone) * 0.5));
    String cause =
        heard.speaker() + ": " + (quote.length() > 60 ? quote.substring(0, 57) + "..." : quote);
    events.add(
        new EmotionChanged(
            p.botId(), before.mood(), before.intensity(), mood, intensity, cause, now));

    for (Stance s : p.stances().values()) {
      if (!Words.mentions(words, s.topic())) continue;
      double moved =
          round2(Math.max(-1, Math.min(1, s.position() + 0.1 * tone * (1 - s.confidence() / 2))));
      if (moved == s.position()) continue;
      boolean flips = s.flipsTo(moved);
      if (flips && now.isBefore(s.cooldownUntil())) continue;
      events.add(
          new StanceChanged(
              p.botId(),
              s.topic(),
              s.position(),
              moved,
              s.confidence(),
              s.rationale(),
              flips ? now.plus(settings.stanceCooldown()) : s.cooldownUntil(),
              now));
    }
    return events;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
