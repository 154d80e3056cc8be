package io.botswarm.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botswarm.definition.BotEntry.PersonaEntry;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns persona files of other tools into a bot entry, saying what did not fit: an elizaOS
 * character file (name, username, bio, lore, topics, adjectives, style, messageExamples,
 * postExamples) or a Character Card V2 ({@code chara_card_v2}, as SillyTavern writes it). What the
 * definition has no place for, and text cut to the persona's limits, is listed in {@link
 * Imported#dropped()}, one line per field; values of dropped fields (secrets among them) are never
 * repeated there.
 */
public final class CharacterImport {

  public enum Format {
    ELIZA,
    CARD
  }

  /** The bot entry made, and one line per field dropped or cut. */
  public record Imported(BotEntry bot, List<String> dropped) {
    public Imported {
      dropped = List.copyOf(dropped);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{4,31}");
  private static final Pattern BOT_ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final int MAX_USERNAME = 32;
  private static final Set<String> ELIZA_USED =
      Set.of(
          "name",
          "username",
          "bio",
          "lore",
          "topics",
          "adjectives",
          "style",
          "messageExamples",
          "postExamples");
  private static final Set<String> CARD_USED =
      Set.of(
          "name",
          "description",
          "personality",
          "scenario",
          "first_mes",
          "mes_example",
          "alternate_greetings",
          "tags");

  private CharacterImport() {}

  /**
   * Imports {@code json} in {@code format}, or in the format its content shows when empty; {@code
   * id} is the bot id to give, derived from the name when empty.
   *
   * @throws IllegalArgumentException naming what is wrong when {@code json} is no such file
   */
  public static Imported fromJson(String json, Optional<Format> format, Optional<String> id) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      var l = e.getLocation();
      throw new IllegalArgumentException(
          "not valid JSON"
              + (l == null ? "" : " at " + l.getLineNr() + ":" + l.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    }
    if (root == null || !root.isObject())
      throw new IllegalArgumentException("expected a JSON object (a character file or card)");
    id.ifPresent(
        given -> {
          if (!BOT_ID.matcher(given).matches())
            throw new IllegalArgumentException(
                "--id '"
                    + given
                    + "' is not a bot id (a lower-case letter, then lower-case letters, digits or _)");
        });
    Format f = format.orElseGet(() -> detect(root));
    return f == Format.CARD ? card(root, id.orElse(null)) : eliza(root, id.orElse(null));
  }

  /** A Character Card V2 says so in {@code spec}; anything else is taken as an elizaOS file. */
  public static Format detect(JsonNode root) {
    return "chara_card_v2".equals(root.path("spec").asText()) ? Format.CARD : Format.ELIZA;
  }

  /** An elizaOS character file as a bot entry. */
  public static Imported eliza(JsonNode root, String id) {
    List<String> dropped = new ArrayList<>();
    String name = requiredName(root.path("name"), "name");
    String bio = String.join(" ", texts(root.path("bio")));
    List<String> lore = texts(root.path("lore"));
    List<String> style = new ArrayList<>(texts(root.path("style").path("all")));
    style.addAll(texts(root.path("style").path("chat")));
    if (!root.path("style").path("post").isMissingNode())
      dropped.add("style.post: social-media posting style (the swarm only chats)");
    root.path("style")
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!Set.of("all", "chat", "post").contains(f))
                dropped.add("style." + f + ": not part of the definition");
            });
    List<String> examples = new ArrayList<>();
    int othersLines = 0;
    for (JsonNode conversation : root.path("messageExamples")) {
      for (JsonNode message : conversation) {
        // Newer character files name the speaker in "name", older ones in "user".
        String speaker =
            message.hasNonNull("name")
                ? message.path("name").asText()
                : message.path("user").asText();
        String text = message.path("content").path("text").asText("");
        if (text.isBlank()) continue;
        if (speaker.equals(name) || speaker.equals("{{agentName}}")) examples.add(text);
        else othersLines++;
      }
    }
    if (othersLines > 0)
      dropped.add(
          "messageExamples: "
              + othersLines
              + (othersLines == 1 ? " line" : " lines")
              + " by other speakers (only the character's own are examples)");
    examples.addAll(texts(root.path("postExamples")));
    root.fieldNames()
        .forEachRemaining(
            f -> {
              if (!ELIZA_USED.contains(f)) dropped.add(f + ": not part of the definition");
            });
    String username = root.path("username").asText(null);
    if (username != null) username = username.replaceFirst("^@", "");
    if (username != null && !USERNAME.matcher(username).matches()) {
      dropped.add("username: '" + username + "' is not a Telegram username; derived one instead");
      username = null;
    }
    PersonaEntry persona =
        persona(
            name,
            bio,
            lore,
            String.join("; ", style),
            texts(root.path("adjectives")),
            texts(root.path("topics")),
            examples,
            dropped);
    return new Imported(entry(name, id, username, persona), dropped);
  }

  /** A Character Card V2 as a bot entry. */
  public static Imported card(JsonNode root, String id) {
    JsonNode data = root.path("data");
    if (!data.isObject())
      throw new IllegalArgumentException("a chara_card_v2 card needs its fields under 'data'");
    List<String> dropped = new ArrayList<>();
    String name = requiredName(data.path("name"), "data.name");
    List<String> lore = new ArrayList<>();
    List<String> adjectives = new ArrayList<>();
    String personality = data.path("personality").asText("").strip();
    if (!personality.isEmpty()) {
      List<String> traits =
          List.of(personality.split("\\s*[,;]\\s*")).stream()
              .map(String::strip)
              .filter(t -> !t.isEmpty())
              .toList();
      // "witty, stubborn, kind" is a list of adjectives; a sentence is background.
      if (traits.stream().allMatch(t -> t.length() <= PersonaEntry.MAX_WORD))
        adjectives.addAll(traits);
      else lore.add(fill(personality, name));
    }
    String scenario = data.path("scenario").asText("").strip();
    if (!scenario.isEmpty()) lore.add(fill(scenario, name));
    List<String> examples = new ArrayList<>();
    String first = data.path("first_mes").asText("").strip();
    if (!first.isEmpty()) examples.add(fill(first, name));
    for (String greeting : texts(data.path("alternate_greetings")))
      examples.add(fill(greeting, name));
    examples.addAll(ownLines(data.path("mes_example").asText(""), name));
    List<String> topics =
        texts(data.path("tags")).stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    data.fieldNames()
        .forEachRemaining(
            f -> {
              if (!CARD_USED.contains(f) && !data.path(f).isNull() && !blank(data.path(f)))
                dropped.add("data." + f + ": not part of the definition");
            });
    PersonaEntry persona =
        persona(
            name,
            fill(data.path("description").asText("").strip(), name),
            lore,
            "",
            adjectives,
            topics,
            examples,
            dropped);
    return new Imported(entry(name, id, null, persona), dropped);
  }

  /**
   * A bot id and Telegram username made from a name: lower case, letters, digits and _ only,
   * starting with a letter, ending in {@code _bot}, 5 to 32 characters.
   */
  public static String botId(String name) {
    String ascii =
        Normalizer.normalize(name, Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT);
    String base =
        ascii.replaceAll("[^a-z0-9]+", "_").replaceAll("^[^a-z]+", "").replaceAll("_+$", "");
    if (base.isEmpty()) base = "persona";
    if (base.endsWith("_bot")) base = base.substring(0, base.length() - 4);
    base = base.substring(0, Math.min(base.length(), MAX_USERNAME - 4)).replaceAll("_+$", "");
    return base + "_bot";
  }

  private static BotEntry entry(String name, String id, String username, PersonaEntry persona) {
    String botId = id != null ? id : botId(name);
    String handle =
        username != null ? username : USERNAME.matcher(botId).matches() ? botId : botId(name);
    return new BotEntry(botId, handle, null, null, persona, null, null, null, null);
  }

  private static PersonaEntry persona(
      String name,
      String bio,
      List<String> lore,
      String style,
      List<String> adjectives,
      List<String> topics,
      List<String> examples,
      List<String> dropped) {
    return new PersonaEntry(
        cut(name, PersonaEntry.MAX_NAME, "name", dropped),
        bio.isEmpty() ? null : cut(bio, PersonaEntry.MAX_BIO, "bio", dropped),
        items(lore, PersonaEntry.MAX_TEXT_ITEM, "lore", dropped),
        style.isEmpty() ? null : cut(style, PersonaEntry.MAX_STYLE, "style", dropped),
        items(distinct(adjectives), PersonaEntry.MAX_WORD, "adjectives", dropped),
        items(distinct(topics), PersonaEntry.MAX_WORD, "topics", dropped),
        null,
        items(examples, PersonaEntry.MAX_TEXT_ITEM, "examples", dropped));
  }

  /** At most the persona's number of items, each cut to {@code max}; what was lost is noted. */
  private static List<String> items(
      List<String> values, int max, String field, List<String> dropped) {
    List<String> kept = new ArrayList<>();
    int cut = 0;
    for (String v : values) {
      if (kept.size() == PersonaEntry.MAX_ITEMS) break;
      if (v.length() > max) cut++;
      kept.add(truncate(v, max));
    }
    if (values.size() > kept.size())
      dropped.add(
          field
              + ": "
              + (values.size() - kept.size())
              + " items past the first "
              + PersonaEntry.MAX_ITEMS);
    if (cut > 0) dropped.add(field + ": " + cut + " items cut to " + max + " characters");
    return kept;
  }

  private static String cut(String value, int max, String field, List<String> dropped) {
    if (value.length() <= max) return value;
    dropped.add(field + ": cut from " + value.length() + " to " + max + " characters");
    return truncate(value, max);
  }

  private static String truncate(String value, int max) {
    if (value.length() <= max) return value;
    return value.substring(0, max - 1).stripTrailing() + "…";
  }

  private static String requiredName(JsonNode name, String field) {
    if (!name.isTextual() || name.asText().isBlank())
      throw new IllegalArgumentException("the character has no '" + field + "'");
    return name.asText().strip();
  }

  /** A string, or the strings of a list, without empty ones. */
  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) out.add(node.asText().strip());
    else if (node.isArray()) node.forEach(n -> out.add(n.asText("").strip()));
    return out.stream().filter(s -> !s.isEmpty()).toList();
  }

  private static List<String> distinct(List<String> values) {
    return List.copyOf(new LinkedHashSet<>(values));
  }

  private static boolean blank(JsonNode n) {
    return (n.isTextual() && n.asText().isBlank()) || (n.isContainerNode() && n.isEmpty());
  }

  /** Card placeholders filled in: the character's own name, and "you" for the person. */
  private static String fill(String text, String name) {
    return text.replace("{{char}}", name)
        .replace("<BOT>", name)
        .replace("{{user}}", "you")
        .replace("<USER>", "you");
  }

  /** The character's lines of a card's {@code mes_example} ({@code {{char}}: ...}). */
  private static List<String> ownLines(String mesExample, String name) {
    List<String> lines = new ArrayList<>();
    for (String line : mesExample.split("\n")) {
      String t = line.strip();
      for (String prefix : List.of("{{char}}:", "<BOT>:", name + ":")) {
        if (t.startsWith(prefix)) {
          String said = fill(t.substring(prefix.length()).strip(), name);
          if (!said.isEmpty()) lines.add(said);
          break;
        }
      }
    }
    return lines;
  }
}
