package io.botswarm.admin;

import io.botswarm.bot.BotSpec;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.Mood;
import io.botswarm.bot.Persona;
import io.botswarm.chat.ChatLimits;
import io.botswarm.chat.ChatSettings;
import io.botswarm.definition.BotEntry;
import io.botswarm.definition.BotEntry.EmotionEntry;
import io.botswarm.definition.BotEntry.HoldingEntry;
import io.botswarm.definition.BotEntry.MemoryEntry;
import io.botswarm.definition.BotEntry.PersonaEntry;
import io.botswarm.definition.BotEntry.StanceEntry;
import io.botswarm.definition.BotEntry.TokenRef;
import io.botswarm.definition.ChatEntry;
import io.botswarm.definition.ChatEntry.LimitsEntry;
import io.botswarm.definition.ChatEntry.MemberEntry;
import io.botswarm.definition.ChatEntry.QuietHoursEntry;
import io.botswarm.definition.Defaults;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Between a definition's entries and what the entities take: a resolved {@link BotEntry} is a
 * {@link BotSpec}, a resolved {@link ChatEntry} is {@link ChatSettings}; and back, for {@code swarm
 * export}, writing only what differs from the defaults, so that an exported file applied again is
 * "no changes".
 */
final class DefinitionSpecs {

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private final ChatLimits nodeLimits;

  /**
   * @param nodeLimits the node's {@code botswarm.chat.limits}: what a chat's unset keys take
   */
  DefinitionSpecs(ChatLimits nodeLimits) {
    this.nodeLimits = nodeLimits;
  }

  /** A resolved bot entry as the bot entity takes it. */
  BotSpec botSpec(BotEntry bot) {
    PersonaEntry p = bot.persona();
    var persona =
        new Persona(
            p.name(),
            bot.username(),
            p.bio(),
            p.lore(),
            p.style(),
            p.adjectives(),
            p.topics(),
            p.language(),
            p.examples());
    Map<String, BotSpec.StanceSpec> stances = new LinkedHashMap<>();
    for (StanceEntry s : bot.stances())
      stances.put(
          s.topic().strip().toLowerCase(Locale.ROOT),
          new BotSpec.StanceSpec(s.position(), s.confidence()));
    Map<String, BotSpec.HoldingSpec> holdings = new LinkedHashMap<>();
    for (HoldingEntry h : bot.holdings())
      holdings.put(
          h.symbol().strip().toUpperCase(Locale.ROOT),
          new BotSpec.HoldingSpec(h.quantity(), h.averageCost()));
    List<BotSpec.MemorySpec> memories =
        bot.memories().stream()
            .map(
                m ->
                    new BotSpec.MemorySpec(
                        MemoryType.valueOf(m.type().toUpperCase(Locale.ROOT)),
                        m.text(),
                        m.relevance()))
            .toList();
    EmotionEntry emotion = bot.emotion();
    return new BotSpec(
        persona,
        bot.enabled(),
        bot.token() == null ? null : bot.token().ref(),
        Mood.valueOf(emotion.mood().toUpperCase(Locale.ROOT)),
        emotion.intensity(),
        stances,
        holdings,
        memories);
  }

  /** A resolved chat entry as its coordinator takes it; members named by their bots' personas. */
  ChatSettings chatSettings(ChatEntry chat, Map<String, BotEntry> bots) {
    List<ChatSettings.Member> members = new ArrayList<>();
    for (MemberEntry m : chat.members()) {
      BotEntry bot = bots.get(m.bot());
      members.add(
          new ChatSettings.Member(bot.id(), bot.username(), bot.persona().name(), m.topics()));
    }
    Optional<ChatSettings.QuietHours> quiet =
        Optional.ofNullable(chat.quietHours())
            .map(q -> new ChatSettings.QuietHours(q.startTime(), q.endTime(), q.zoneId()));
    return new ChatSettings(
        chat.title(),
        chat.enabled(),
        members,
        chat.activity(),
        quiet,
        chat.limits().isEmpty() ? Optional.empty() : Optional.of(limits(chat.limits())),
        chat.starters(),
        chat.starterThreadId() == null ? 0 : chat.starterThreadId());
  }

  private ChatLimits limits(LimitsEntry l) {
    return new ChatLimits(
        l.perChatPerSecond() != null ? l.perChatPerSecond() : nodeLimits.perChatPerSecond(),
        l.perGroupPerMinute() != null ? l.perGroupPerMinute() : nodeLimits.perGroupPerMinute(),
        l.chatPerMinute() != null ? l.chatPerMinute() : nodeLimits.chatPerMinute(),
        l.perBotPerHour() != null ? l.perBotPerHour() : nodeLimits.perBotPerHour(),
        l.minGap().orElse(nodeLimits.minGapPerBot()));
  }

  /** A bot as the definition writes it: what equals the built-in defaults is left out. */
  BotEntry botEntry(String botId, BotSpec spec) {
    Persona p = spec.persona();
    var persona =
        new PersonaEntry(
            p.name(),
            p.bio(),
            p.lore(),
            p.speakingStyle(),
            p.adjectives(),
            p.interests(),
            Defaults.LANGUAGE.equals(p.language()) ? null : p.language(),
            p.examples());
    EmotionEntry emotion =
        spec.mood() == Mood.NEUTRAL
            ? null
            : new EmotionEntry(spec.mood().name().toLowerCase(Locale.ROOT), spec.moodIntensity());
    return new BotEntry(
        botId,
        p.handle(),
        spec.tokenRef() == null ? null : TokenRef.parse(spec.tokenRef()),
        spec.enabled() == Defaults.ENABLED ? null : spec.enabled(),
        persona,
        emotion,
        spec.stances().entrySet().stream()
            .map(
                e ->
                    new StanceEntry(e.getKey(), e.getValue().position(), e.getValue().confidence()))
            .toList(),
        spec.holdings().entrySet().stream()
            .map(
                e ->
                    new HoldingEntry(
                        e.getKey(), e.getValue().quantity(), e.getValue().averageCost()))
            .toList(),
        spec.memories().stream()
            .map(
                m ->
                    new MemoryEntry(
                        m.type().name().toLowerCase(Locale.ROOT), m.content(), m.relevance()))
            .toList());
  }

  /**
   * A chat as the definition writes it: a member's topics only where they are not its bot's own,
   * limits only where they differ from the node's.
   */
  ChatEntry chatEntry(long chatId, ChatSettings s, Map<String, BotEntry> bots) {
    List<MemberEntry> members = new ArrayList<>();
    for (ChatSettings.Member m : s.members()) {
      BotEntry bot = bots.get(m.botId());
      boolean own = bot != null && bot.defaultTopics().equals(m.topics());
      members.add(new MemberEntry(m.botId(), own ? null : m.topics()));
    }
    QuietHoursEntry quiet =
        s.quietHours()
            .map(
                q ->
                    new QuietHoursEntry(
                        q.start().format(HH_MM), q.end().format(HH_MM), q.zone().getId()))
            .orElse(null);
    LimitsEntry limits = s.limits().map(this::limitsEntry).orElse(LimitsEntry.NONE);
    return new ChatEntry(
        chatId,
        s.title(),
        s.enabled() == Defaults.ENABLED ? null : s.enabled(),
        members,
        s.activity() == Defaults.ACTIVITY ? null : s.activity(),
        s.starters() == Defaults.STARTERS ? null : s.starters(),
        quiet,
        limits,
        s.starterThreadId() == 0 ? null : s.starterThreadId());
  }

  private LimitsEntry limitsEntry(ChatLimits l) {
    return new LimitsEntry(
        l.perChatPerSecond() == nodeLimits.perChatPerSecond() ? null : l.perChatPerSecond(),
        l.perGroupPerMinute() == nodeLimits.perGroupPerMinute() ? null : l.perGroupPerMinute(),
        l.chatPerMinute() == nodeLimits.chatPerMinute() ? null : l.chatPerMinute(),
        l.perBotPerHour() == nodeLimits.perBotPerHour() ? null : l.perBotPerHour(),
        l.minGapPerBot().equals(nodeLimits.minGapPerBot()) ? null : duration(l.minGapPerBot()));
  }

  /** A duration as the file writes it: the largest unit that states it exactly. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0) return ms / 60_000 + "m";
    if (ms % 1000 == 0) return ms / 1000 + "s";
    return ms + "ms";
  }
}
