package io.botswarm.definition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpression;
import io.botswarm.definition.BotEntry.TokenRef;
import io.botswarm.definition.Problem.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Reads a swarm definition (YAML, or JSON of the same shape) and reports everything wrong with it
 * at once: what the JSON Schema says ({@code swarm-definition.schema.json} beside this class:
 * types, ranges, required and unknown keys), then what a schema cannot say (duplicate ids,
 * usernames and chat ids, members that are not bots, time zones, times and durations, token
 * references that lead nowhere, blank text, repeated seed memories and topics). Each problem is one
 * line with the file, the line and column of the value (or of its key when the value is missing)
 * and the field path; never a stack trace.
 */
public final class DefinitionLoader {

  /**
   * What the file is checked for: a dry run only warns about token references that lead nowhere, an
   * apply refuses them.
   */
  public enum Mode {
    DRY_RUN,
    APPLY
  }

  /** What a load found: the definition when it has no errors, and every problem, by position. */
  public record Result(Optional<SwarmDefinition> definition, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
      return problems.stream().anyMatch(Problem::isError);
    }

    /** The definition, or a {@link DefinitionException} listing every problem. */
    public SwarmDefinition orThrow() {
      return definition.orElseThrow(() -> new DefinitionException(problems));
    }
  }

  public static final String SCHEMA_RESOURCE = "swarm-definition.schema.json";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();
  private static final JsonNode SCHEMA_NODE = readSchema();
  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(
              SCHEMA_NODE,
              SchemaValidatorsConfig.builder()
                  .regularExpressionFactory(DefinitionLoader::wholeValue)
                  .build());

  private final TokenResolver tokens;
  private final Mode mode;

  public DefinitionLoader(TokenResolver tokens, Mode mode) {
    this.tokens = tokens;
    this.mode = mode;
  }

  /** The schema as a tree, for tools that show or publish it. */
  public static JsonNode schema() {
    return SCHEMA_NODE.deepCopy();
  }

  /** Loads {@code file}, named in problems as given. */
  public Result load(Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString();
      return new Result(
          Optional.empty(),
          List.of(new Problem(file.toString(), 1, 1, "", Severity.ERROR, "cannot read: " + why)));
    }
    return load(file.toString(), content);
  }

  /**
   * Loads {@code content}; JSON if {@code fileName} ends in {@code .json} or the content starts
   * with <code>{</code>, YAML otherwise.
   */
  public Result load(String fileName, String content) {
    boolean json =
        fileName.toLowerCase(Locale.ROOT).endsWith(".json")
            || content.stripLeading().startsWith("{");
    Located located = new Located(fileName);
    JsonNode tree;
    try {
      tree = located.parse(json ? new JsonFactory() : new YAMLFactory(), content);
    } catch (JsonProcessingException e) {
      return new Result(Optional.empty(), List.of(located.malformed(e)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<Problem> problems = new LinkedHashSet<>(located.duplicateKeys);
    if (tree == null) {
      problems.add(
          new Problem(
              fileName, 1, 1, "", Severity.ERROR, "the file is empty (start with version: 1)"));
      return new Result(Optional.empty(), List.copyOf(problems));
    }
    for (ValidationMessage m : SCHEMA.validate(tree)) problems.add(located.translate(m));
    new SemanticChecks(located, tree, problems).run();
    List<Problem> sorted = problems.stream().sorted(Problem.BY_POSITION).toList();
    if (sorted.stream().anyMatch(Problem::isError)) return new Result(Optional.empty(), sorted);
    try {
      return new Result(Optional.of(MAPPER.treeToValue(tree, SwarmDefinition.class)), sorted);
    } catch (JsonProcessingException e) {
      // The schema admits only what the records can hold; this names a gap between the two.
      throw new IllegalStateException("definition passed the schema but does not bind: " + e, e);
    }
  }

  /**
   * A schema pattern as ECMA-262, the schema's own regex dialect and the one editors check with,
   * reads it: a closing {@code $} ends the value. Java's would also match before a final line
   * break, passing {@code "anna_bot\n"} (a YAML block scalar) as a username the bot then refuses.
   */
  private static RegularExpression wholeValue(String regex) {
    Pattern p =
        Pattern.compile(
            regex.endsWith("$") ? regex.substring(0, regex.length() - 1) + "\\z" : regex);
    return value -> p.matcher(value).find();
  }

  private static JsonNode readSchema() {
    try (InputStream in = DefinitionLoader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null)
        throw new IllegalStateException(SCHEMA_RESOURCE + " is not on the class path");
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A position in the file, 1-based. */
  private record Pos(int line, int column) {
    static Pos of(JsonLocation l) {
      return new Pos(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }
  }

  /** The parsed tree with the position of every value and key, by field path. */
  private static final class Located {
    final String file;
    final Map<String, Pos> values = new HashMap<>();
    final Map<String, Pos> keys = new HashMap<>();
    final List<Problem> duplicateKeys = new ArrayList<>();
    private final JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);

    Located(String file) {
      this.file = file;
    }

    JsonNode parse(JsonFactory factory, String content) throws IOException {
      try (JsonParser p = factory.createParser(content)) {
        if (p.nextToken() == null) return null;
        JsonNode root = read(p, "");
        JsonToken after = p.nextToken();
        if (after != null)
          throw new com.fasterxml.jackson.core.JsonParseException(
              p, "unexpected content after the end of the document");
        return root;
      }
    }

    private JsonNode read(JsonParser p, String path) throws IOException {
      values.put(path, Pos.of(p.currentTokenLocation()));
      switch (p.currentToken()) {
        case START_OBJECT -> {
          ObjectNode o = nodes.objectNode();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String child = path.isEmpty() ? name : path + "." + name;
            Pos keyAt = Pos.of(p.currentTokenLocation());
            p.nextToken();
            if (o.has(name))
              duplicateKeys.add(
                  new Problem(
                      file,
                      keyAt.line(),
                      keyAt.column(),
                      child,
                      Severity.ERROR,
                      "key '" + name + "' appears twice in one mapping"));
            keys.put(child, keyAt);
            o.set(name, read(p, child));
          }
          return o;
        }
        case START_ARRAY -> {
          ArrayNode a = nodes.arrayNode();
          int i = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) a.add(read(p, path + "[" + i++ + "]"));
          return a;
        }
        case VALUE_NUMBER_INT -> {
          return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
              ? nodes.numberNode(p.getBigIntegerValue())
              : nodes.numberNode(p.getLongValue());
        }
        case VALUE_NUMBER_FLOAT -> {
          return nodes.numberNode(p.getDecimalValue());
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          return nodes.booleanNode(p.getBooleanValue());
        }
        case VALUE_NULL -> {
          return nodes.nullNode();
        }
        default -> {
          return nodes.textNode(p.getText());
        }
      }
    }

    Problem malformed(JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      Pos at = l == null ? new Pos(1, 1) : Pos.of(l);
      return new Problem(
          file, at.line(), at.column(), "", Severity.ERROR, "not valid " + parserMessage(e));
    }

    /** The parser's own words, on one line, without its echo of the position and the source. */
    private static String parserMessage(JsonProcessingException e) {
      String kind =
          e.getProcessor() instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser
              ? "YAML: "
              : "JSON: ";
      String text = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      List<String> kept = new ArrayList<>();
      for (String line : text.split("\n")) {
        String t = line.strip();
        if (t.isEmpty()
            || t.startsWith("in 'reader'")
            || t.startsWith("^")
            || t.startsWith("at [Source")) continue;
        if (line.startsWith(" ")) continue;
        kept.add(t);
      }
      String joined = String.join(": ", kept).replaceAll("\\s*\\(for \\w+ starting at.*$", "");
      return kind + (joined.isEmpty() ? "cannot be read" : joined);
    }

    Pos valueAt(String path) {
      Pos p = values.get(path);
      return p != null ? p : new Pos(1, 1);
    }

    Pos keyOrValueAt(String path) {
      Pos p = keys.get(path);
      return p != null ? p : valueAt(path);
    }

    Problem at(Pos pos, String path, Severity severity, String message) {
      return new Problem(file, pos.line(), pos.column(), path, severity, message);
    }

    Problem error(String path, String message) {
      return at(valueAt(path), path, Severity.ERROR, message);
    }

    /** The validator's finding in plain words, placed at the value it is about. */
    Problem translate(ValidationMessage m) {
      String path = path(m.getInstanceLocation());
      JsonNode value = m.getInstanceNode();
      JsonNode rule = keywordParent(m);
      String type = m.getType();
      return switch (type) {
        case "required" ->
            at(keyOrValueAt(path), path, Severity.ERROR, "'" + m.getProperty() + "' is required");
        case "additionalProperties" -> {
          String child = path.isEmpty() ? m.getProperty() : path + "." + m.getProperty();
          yield at(
              keyOrValueAt(child),
              child,
              Severity.ERROR,
              "unknown key '" + m.getProperty() + "' (allowed: " + allowedKeys(rule) + ")");
        }
        case "type" ->
            error(path, "expected " + expected(rule.path("type")) + ", got " + shown(value));
        case "minimum", "maximum" -> error(path, range(value, rule));
        case "exclusiveMinimum" ->
            error(path, value + " must be more than " + rule.path("exclusiveMinimum"));
        case "enum" ->
            error(
                path,
                shown(value)
                    + " is not one of "
                    + StreamSupport.stream(rule.path("enum").spliterator(), false)
                        .map(JsonNode::asText)
                        .collect(Collectors.joining(", ")));
        case "const" ->
            error(path, shown(value) + " is not supported (write " + rule.path("const") + ")");
        case "pattern" -> error(path, shown(value) + " is not " + Hints.of(path));
        case "maxLength" ->
            error(
                path,
                "is "
                    + value.asText().length()
                    + " characters long; at most "
                    + rule.path("maxLength")
                    + " are allowed");
        case "minLength" -> error(path, "must not be empty");
        case "maxItems" ->
            error(
                path,
                "has "
                    + value.size()
                    + " items; at most "
                    + rule.path("maxItems")
                    + " are allowed");
        case "minItems" -> error(path, "needs at least " + rule.path("minItems") + " item");
        case "minProperties", "maxProperties" ->
            error(path, "give exactly one of " + allowedKeys(rule));
        default -> error(path, m.getMessage().replaceFirst("^\\S+: ", ""));
      };
    }

    /** The schema object holding the keyword that failed, so its siblings can be quoted. */
    private JsonNode keywordParent(ValidationMessage m) {
      JsonNodePath fragment = m.getSchemaLocation().getFragment();
      JsonNode node = SCHEMA_NODE;
      for (int i = 0; i < fragment.getNameCount() - 1; i++) {
        Object element = fragment.getElement(i);
        node = element instanceof Integer n ? node.path(n) : node.path(element.toString());
      }
      return node;
    }

    private static String path(JsonNodePath location) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < location.getNameCount(); i++) {
        Object element = location.getElement(i);
        if (element instanceof Integer n) b.append('[').append(n).append(']');
        else b.append(b.length() == 0 ? "" : ".").append(element);
      }
      return b.toString();
    }

    private static String allowedKeys(JsonNode rule) {
      List<String> names = new ArrayList<>();
      rule.path("properties").fieldNames().forEachRemaining(names::add);
      return String.join(", ", names);
    }

    private static String range(JsonNode value, JsonNode rule) {
      JsonNode min = rule.get("minimum");
      JsonNode max = rule.get("maximum");
      if (min != null && max != null) return value + " is not in [" + min + ", " + max + "]";
      if (min != null) return value + " is less than " + min;
      return value + " is more than " + max;
    }

    private static String expected(JsonNode type) {
      return switch (type.asText()) {
        case "number" -> "a number";
        case "integer" -> "a whole number";
        case "string" -> "text";
        case "boolean" -> "true or false";
        case "array" -> "a list";
        case "object" -> "a mapping (key: value)";
        default -> type.asText();
      };
    }
  }

  /** How a value is shown in a message: text in quotes, numbers as written, structures by kind. */
  static String shown(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) return "nothing";
    if (value.isObject()) return "a mapping";
    if (value.isArray()) return "a list";
    return value.toString();
  }

  /** What a field that must match a pattern is, for the message that says it does not. */
  private static final class Hints {
    static String of(String path) {
      String field = path.substring(path.lastIndexOf('.') + 1);
      return switch (field) {
        case "id" ->
            "a bot id (a lower-case letter, then lower-case letters, digits or _; at most 64)";
        case "username" ->
            "a Telegram username (5-32 letters, digits or _, starting with a letter; no @)";
        case "symbol" -> "a ticker (upper-case letters, digits, . or -; at most 12: BTC, BRK.B)";
        case "language" -> "a BCP 47 language tag (en, de, pt-BR)";
        case "env" -> "an environment variable name (letters, digits, _)";
        case "file" -> "a key of the node's tokens file (no spaces, = or :)";
        default -> "in the expected form";
      };
    }
  }

  /** The rules a schema cannot state, checked on the tree so they are reported with the rest. */
  private final class SemanticChecks {
    private final Located at;
    private final JsonNode root;
    private final Set<Problem> problems;

    SemanticChecks(Located at, JsonNode root, Set<Problem> problems) {
      this.at = at;
      this.root = root;
      this.problems = problems;
    }

    void run() {
      JsonNode defaults = root.path("defaults").path("chat");
      checkQuietHours(defaults.path("quiet_hours"), "defaults.chat.quiet_hours");
      checkLimits(defaults.path("limits"), "defaults.chat.limits");
      checkTexts(SCHEMA_NODE, root, "");
      List<String> botIds = checkBots(root.path("bots"));
      checkChats(root.path("chats"), botIds);
    }

    private List<String> checkBots(JsonNode bots) {
      Map<String, String> ids = new HashMap<>();
      Map<String, String> usernames = new HashMap<>();
      List<String> botIds = new ArrayList<>();
      for (int i = 0; i < bots.size(); i++) {
        JsonNode bot = bots.path(i);
        String path = "bots[" + i + "]";
        String id = text(bot.path("id"));
        if (id != null) {
          botIds.add(id);
          String first = ids.putIfAbsent(id, path);
          if (first != null)
            problems.add(at.error(path + ".id", "bot id '" + id + "' is already used by " + first));
        }
        String username = text(bot.path("username"));
        if (username != null) {
          String first = usernames.putIfAbsent(username.toLowerCase(Locale.ROOT), path);
          if (first != null)
            problems.add(
                at.error(
                    path + ".username",
                    "username '"
                        + username
                        + "' is already used by "
                        + first
                        + " (Telegram ignores case)"));
        }
        // As the bot compares topics: stripped, in lower case.
        unique(bot.path("stances"), path + ".stances", "topic", BotEntry::topicKey);
        unique(bot.path("holdings"), path + ".holdings", "symbol", UnaryOperator.identity());
        uniqueTopics(bot.path("persona").path("topics"), path + ".persona.topics");
        uniqueSeeds(bot.path("memories"), path + ".memories");
        checkToken(bot.path("token"), path + ".token");
      }
      return botIds;
    }

    /** Each item's {@code key} once, compared as {@code compared} makes it. */
    private void unique(JsonNode items, String path, String key, UnaryOperator<String> compared) {
      Map<String, Integer> seen = new HashMap<>();
      for (int j = 0; j < items.size(); j++) {
        String value = text(items.path(j).path(key));
        if (value == null) continue;
        Integer first = seen.putIfAbsent(compared.apply(value), j);
        if (first != null)
          problems.add(
              at.error(
                  path + "[" + j + "]." + key,
                  key + " '" + value + "' is already given in " + path + "[" + first + "]"));
      }
    }

    /** A list of topics names each once, as the bot compares them. */
    private void uniqueTopics(JsonNode topics, String path) {
      Map<String, Integer> seen = new HashMap<>();
      for (int j = 0; j < topics.size(); j++) {
        String topic = text(topics.path(j));
        if (topic == null) continue;
        Integer first = seen.putIfAbsent(BotEntry.topicKey(topic), j);
        if (first != null)
          problems.add(
              at.error(
                  path + "[" + j + "]",
                  "topic '" + topic + "' is already given in " + path + "[" + first + "]"));
      }
    }

    /** The bot remembers a seed once: the same type and text twice is one memory given twice. */
    private void uniqueSeeds(JsonNode memories, String path) {
      Map<List<String>, Integer> seen = new HashMap<>();
      for (int j = 0; j < memories.size(); j++) {
        String type = text(memories.path(j).path("type"));
        String content = text(memories.path(j).path("text"));
        if (type == null || content == null) continue;
        Integer first = seen.putIfAbsent(List.of(type, content), j);
        if (first != null)
          problems.add(
              at.error(
                  path + "[" + j + "].text",
                  "the same "
                      + type
                      + " is already given in "
                      + path
                      + "["
                      + first
                      + "] (a seed memory is remembered once)"));
      }
    }

    /**
     * Two rules on text that a schema cannot state and the entities hold: a value the schema
     * requires to say something ({@code minLength} 1) must not be only blanks, and {@code
     * maxLength}, which JSON Schema counts in characters, holds in UTF-16 units too, as Java and
     * Telegram count them (an emoji is two).
     */
    private void checkTexts(JsonNode schema, JsonNode value, String path) {
      JsonNode ref = schema.get("$ref");
      JsonNode rule = ref == null ? schema : SCHEMA_NODE.at(ref.asText().substring(1));
      if (value.isTextual()) {
        String text = value.asText();
        if (rule.path("minLength").asInt(0) >= 1 && !text.isEmpty() && text.isBlank())
          problems.add(at.error(path, "must not be blank"));
        int max = rule.path("maxLength").asInt(Integer.MAX_VALUE);
        if (text.length() > max && text.codePointCount(0, text.length()) <= max)
          problems.add(
              at.error(
                  path,
                  "is "
                      + text.length()
                      + " characters long, counting each emoji as two as Telegram does; at most "
                      + max
                      + " are allowed"));
      } else if (value.isObject()) {
        JsonNode properties = rule.path("properties");
        value
            .fields()
            .forEachRemaining(
                f -> {
                  JsonNode property = properties.get(f.getKey());
                  if (property != null)
                    checkTexts(
                        property,
                        f.getValue(),
                        path.isEmpty() ? f.getKey() : path + "." + f.getKey());
                });
      } else if (value.isArray() && rule.has("items")) {
        for (int i = 0; i < value.size(); i++)
          checkTexts(rule.get("items"), value.get(i), path + "[" + i + "]");
      }
    }

    private void checkToken(JsonNode token, String path) {
      String env = text(token.path("env"));
      String file = text(token.path("file"));
      if ((env == null) == (file == null)) return;
      TokenRef ref = env != null ? TokenRef.env(env) : TokenRef.file(file);
      if (tokens.resolves(ref)) return;
      String field = path + (env != null ? ".env" : ".file");
      String how =
          env != null
              ? "set the environment variable " + env + " on the node"
              : "add the key '" + file + "' to the node's tokens file (SWARM_TELEGRAM_TOKENS_FILE)";
      problems.add(
          at.at(
              at.valueAt(field),
              field,
              mode == Mode.APPLY ? Severity.ERROR : Severity.WARNING,
              "token reference " + ref.ref() + " resolves to nothing: " + how));
    }

    private void checkChats(JsonNode chats, List<String> botIds) {
      Map<String, String> ids = new HashMap<>();
      for (int i = 0; i < chats.size(); i++) {
        JsonNode chat = chats.path(i);
        String path = "chats[" + i + "]";
        JsonNode id = chat.path("id");
        if (id.isIntegralNumber() && id.asLong() >= 0)
          problems.add(
              at.error(
                  path + ".id",
                  id.asText()
                      + " is not a group's chat id: groups have negative ids (-100… for a"
                      + " supergroup); `swarm chats list --pending` shows the groups your bots are in"));
        if (id.isIntegralNumber()) {
          String first = ids.putIfAbsent(id.asText(), path);
          if (first != null)
            problems.add(
                at.error(path + ".id", "chat id " + id.asText() + " is already used by " + first));
        }
        JsonNode members = chat.path("members");
        Map<String, Integer> listed = new HashMap<>();
        for (int j = 0; j < members.size(); j++) {
          String bot = text(members.path(j).path("bot"));
          if (bot == null) continue;
          String memberPath = path + ".members[" + j + "].bot";
          if (!botIds.contains(bot))
            problems.add(
                at.error(
                    memberPath,
                    "'"
                        + bot
                        + "' is not a bot of this file"
                        + (botIds.isEmpty()
                            ? ""
                            : " (bots: "
                                + String.join(", ", botIds.stream().distinct().toList())
                                + ")")));
          Integer first = listed.putIfAbsent(bot, j);
          if (first != null)
            problems.add(
                at.error(
                    memberPath,
                    "'" + bot + "' is already a member (" + path + ".members[" + first + "])"));
          uniqueTopics(members.path(j).path("topics"), path + ".members[" + j + "].topics");
        }
        checkQuietHours(chat.path("quiet_hours"), path + ".quiet_hours");
        checkLimits(chat.path("limits"), path + ".limits");
      }
    }

    private void checkQuietHours(JsonNode quiet, String path) {
      for (String key : List.of("start", "end")) {
        String text = text(quiet.path(key));
        if (text != null && ChatEntry.QuietHoursEntry.time(text).isEmpty())
          problems.add(at.error(path + "." + key, ChatEntry.QuietHoursEntry.badTime(text)));
      }
      String zone = text(quiet.path("zone"));
      if (zone != null && !ZoneId.getAvailableZoneIds().contains(zone))
        problems.add(
            at.error(
                path + ".zone",
                "'"
                    + zone
                    + "' is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)"));
    }

    private void checkLimits(JsonNode limits, String path) {
      String gap = text(limits.path("min_gap_per_bot"));
      if (gap != null && ChatEntry.LimitsEntry.duration(gap).isEmpty())
        problems.add(
            at.error(
                path + ".min_gap_per_bot",
                "'" + gap + "' is not a duration (write 500ms, 20s, 5m or 1h)"));
    }

    private static String text(JsonNode node) {
      return node.isTextual() ? node.asText() : null;
    }
  }
}
