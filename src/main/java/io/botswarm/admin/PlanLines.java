package io.botswarm.admin;

import io.botswarm.bot.Bot;
import io.botswarm.bot.Persona;
import io.botswarm.chat.ChatCoordinator;
import io.botswarm.chat.ChatSettings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * A plan's lines, in the manner of {@code terraform plan}: {@code +} created, {@code ~} changed
 * (with what changed), {@code -} removed or disabled. Made from the very events an apply journals
 * (a dry run's events are the ones an apply would journal), so the plan cannot say something the
 * apply does not do.
 */
final class PlanLines {

  private PlanLines() {}

  /** A bot's changes; a newly registered bot is one line, whatever else it starts with. */
  static List<String> forBot(String botId, List<Bot.Event> changes) {
    if (changes.isEmpty()) return List.of();
    if (changes.get(0) instanceof Bot.BotRegistered) return List.of("+ bot " + botId);
    List<String> lines = new ArrayList<>();
    for (Bot.Event e : changes) lines.add(botLine(botId, e));
    return lines;
  }

  /** A chat's changes; a newly configured chat is one line. */
  static List<String> forChat(String chatId, List<ChatCoordinator.Event> changes) {
    if (changes.isEmpty()) return List.of();
    List<String> lines = new ArrayList<>();
    for (ChatCoordinator.Event e : changes) lines.add(chatLine(chatId, e));
    return lines;
  }

  /** A chat configured afresh. */
  static String newChat(String chatId, String title) {
    return "+ chat " + chatId + " (" + title + ")";
  }

  private static String botLine(String botId, Bot.Event e) {
    String what;
    if (e instanceof Bot.BotRemoved) return "- bot " + botId;
    else if (e instanceof Bot.PersonaChanged p)
      what = String.join(", ", personaFields(p.previous(), p.persona()));
    else if (e instanceof Bot.StanceSet s)
      what =
          "stances."
              + s.topic()
              + ": "
              + position(s.previousPosition())
              + " -> "
              + position(s.position());
    else if (e instanceof Bot.HoldingSet h)
      what =
          "holdings."
              + h.symbol()
              + ": "
              + quantity(h.previousQuantity())
              + " -> "
              + quantity(h.quantity());
    else if (e instanceof Bot.MemorySeeded m)
      what =
          "memories: + "
              + m.type().name().toLowerCase(Locale.ROOT)
              + " \""
              + abbreviated(m.content())
              + "\"";
    else if (e instanceof Bot.EmotionSet f)
      what =
          "emotion: "
              + feeling(f.previousMood(), f.previousIntensity())
              + " -> "
              + feeling(f.mood(), f.intensity());
    else if (e instanceof Bot.TokenRefChanged t)
      what = "token: " + ref(t.previous()) + " -> " + ref(t.tokenRef());
    else if (e instanceof Bot.EnabledChanged en) what = en.enabled() ? "enabled" : "disabled";
    else if (e instanceof Bot.SeedMemoriesDeclared d)
      what = "memories: " + d.previous().size() + " -> " + d.memories().size() + " declared";
    else what = e.getClass().getSimpleName();
    return "~ bot " + botId + " " + what;
  }

  private static String chatLine(String chatId, ChatCoordinator.Event e) {
    if (e instanceof ChatCoordinator.ChatConfigured c) return newChat(chatId, c.settings().title());
    if (e instanceof ChatCoordinator.ChatSettingsChanged c)
      return "~ chat "
          + chatId
          + " "
          + String.join(", ", settingsFields(c.previous(), c.settings()));
    if (e instanceof ChatCoordinator.MemberAdded m)
      return "+ member " + m.member().botId() + " in " + chatId;
    if (e instanceof ChatCoordinator.MemberRemoved m)
      return "- member " + m.member().botId() + " from " + chatId;
    if (e instanceof ChatCoordinator.MemberChanged m)
      return "~ member "
          + m.member().botId()
          + " in "
          + chatId
          + " "
          + String.join(", ", memberFields(m.previous(), m.member()));
    if (e instanceof ChatCoordinator.ChatRemoved) return "- chat " + chatId;
    return "~ chat " + chatId + " " + e.getClass().getSimpleName();
  }

  private static List<String> personaFields(Persona a, Persona b) {
    List<String> fields = new ArrayList<>();
    differs(fields, "persona.name", a, b, Persona::name);
    differs(fields, "persona.username", a, b, Persona::handle);
    differs(fields, "persona.bio", a, b, Persona::bio);
    differs(fields, "persona.lore", a, b, Persona::lore);
    differs(fields, "persona.style", a, b, Persona::speakingStyle);
    differs(fields, "persona.adjectives", a, b, Persona::adjectives);
    differs(fields, "persona.topics", a, b, Persona::interests);
    differs(fields, "persona.language", a, b, Persona::language);
    differs(fields, "persona.examples", a, b, Persona::examples);
    return fields;
  }

  private static List<String> settingsFields(ChatSettings a, ChatSettings b) {
    List<String> fields = new ArrayList<>();
    differs(fields, "title", a, b, ChatSettings::title);
    differs(fields, "enabled", a, b, ChatSettings::enabled);
    differs(fields, "activity", a, b, ChatSettings::activity);
    differs(fields, "quiet_hours", a, b, ChatSettings::quietHours);
    differs(fields, "limits", a, b, ChatSettings::limits);
    differs(fields, "starters", a, b, ChatSettings::starters);
    differs(fields, "starter_thread_id", a, b, ChatSettings::starterThreadId);
    return fields;
  }

  private static List<String> memberFields(ChatSettings.Member a, ChatSettings.Member b) {
    List<String> fields = new ArrayList<>();
    differs(fields, "topics", a, b, ChatSettings.Member::topics);
    differs(fields, "username", a, b, ChatSettings.Member::handle);
    differs(fields, "name", a, b, ChatSettings.Member::name);
    return fields;
  }

  private static <T> void differs(
      List<String> fields, String name, T a, T b, Function<T, Object> field) {
    if (!Objects.equals(field.apply(a), field.apply(b))) fields.add(name);
  }

  private static String position(Double p) {
    return p == null ? "none" : String.format(Locale.ROOT, "%+.2f", p);
  }

  private static String quantity(BigDecimal q) {
    return q == null || q.signum() == 0 ? "none" : q.stripTrailingZeros().toPlainString();
  }

  private static String feeling(Object mood, double intensity) {
    return String.valueOf(mood).toLowerCase(Locale.ROOT)
        + String.format(Locale.ROOT, " %.2f", intensity);
  }

  private static String ref(String tokenRef) {
    return tokenRef == null ? "default" : tokenRef;
  }

  private static String abbreviated(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= 40 ? line : line.substring(0, 39) + "…";
  }
}
