package io.botswarm.telegram;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bot tokens of this node, by bot id, from three places (later ones win): a secrets file
 * ({@code botswarm.telegram.token-file}, lines of {@code bot-id = token}), the config block {@code
 * botswarm.telegram.tokens}, and environment variables {@code SWARM_TELEGRAM_TOKEN_<BOT_ID>} (the
 * bot id upper-cased; for ids of letters, digits and underscores). A swarm definition may name a
 * bot's token instead ({@link #resolve}): {@code env:NAME}, any variable of the node's environment,
 * or {@code file:KEY}, a key of the node's tokens file or of {@code botswarm.telegram.tokens} (the
 * demo gives its sandbox tokens there). Tokens are never printed: {@link #toString()} and every
 * error name the bot, the reference and where the token came from, not the token.
 */
public final class BotTokens {

  public static final String ENV_PREFIX = "SWARM_TELEGRAM_TOKEN_";
  private static final Pattern SHAPE = Pattern.compile("\\d{1,19}:[A-Za-z0-9_-]{30,}");

  private static final Pattern REF = Pattern.compile("(env|file):(\\S+)");

  /**
   * A token found for a bot, and where: "the environment variable ANNA_TOKEN", "key anna of the
   * token file /run/secrets/tokens". Its {@link #toString()} names the source only.
   */
  public record Resolved(String token, String source) {
    @Override
    public String toString() {
      return "a token from " + source;
    }
  }

  private final Map<String, String> tokens;
  private final Map<String, String> sources;
  private final Map<String, String> environment;
  private final Map<String, String> file;
  private final Map<String, String> configured;
  private final String fileName;

  private BotTokens(
      Map<String, String> tokens,
      Map<String, String> sources,
      Map<String, String> environment,
      Map<String, String> file,
      Map<String, String> configured,
      String fileName) {
    this.tokens = Collections.unmodifiableMap(tokens);
    this.sources = Collections.unmodifiableMap(sources);
    this.environment = Map.copyOf(environment);
    this.file = Map.copyOf(file);
    this.configured = Map.copyOf(configured);
    this.fileName = fileName;
  }

  public static BotTokens of(Map<String, String> tokens) {
    var sources = new TreeMap<String, String>();
    tokens.keySet().forEach(id -> sources.put(id, "the given tokens"));
    return checked(new TreeMap<>(tokens), sources, Map.of(), Map.of(), Map.of(), "");
  }

  public static BotTokens load(Config telegram, Map<String, String> environment) {
    var tokens = new TreeMap<String, String>();
    var sources = new TreeMap<String, String>();
    var entries = new TreeMap<String, String>();
    var configured = new TreeMap<String, String>();
    String file = telegram.getString("token-file");
    if (!file.isBlank()) {
      Properties props = new Properties();
      try (Reader in = Files.newBufferedReader(Path.of(file))) {
        props.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the token file " + file + ": " + e.getClass().getSimpleName());
      }
      for (String id : props.stringPropertyNames()) {
        tokens.put(id, props.getProperty(id).trim());
        sources.put(id, "the token file " + file);
        entries.put(id, props.getProperty(id).trim());
      }
    }
    for (Map.Entry<String, ConfigValue> e : telegram.getConfig("tokens").root().entrySet()) {
      tokens.put(e.getKey(), String.valueOf(e.getValue().unwrapped()).trim());
      configured.put(e.getKey(), String.valueOf(e.getValue().unwrapped()).trim());
      sources.put(e.getKey(), "botswarm.telegram.tokens." + e.getKey());
    }
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
            String id = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
            tokens.put(id, value.trim());
            sources.put(id, "the environment variable " + name);
          }
        });
    return checked(tokens, sources, environment, entries, configured, file);
  }

  private static BotTokens checked(
      Map<String, String> tokens,
      Map<String, String> sources,
      Map<String, String> environment,
      Map<String, String> file,
      Map<String, String> configured,
      String fileName) {
    tokens.forEach(
        (id, token) -> shape(token, "the token of bot " + id + " from " + sources.get(id)));
    return new BotTokens(tokens, sources, environment, file, configured, fileName);
  }

  private static void shape(String token, String what) {
    if (!SHAPE.matcher(token).matches())
      throw new IllegalArgumentException(
          what
              + " does not look like a Telegram bot token (<digits>:<secret of 30+ letters, digits, - or _>)");
  }

  /**
   * The token a swarm definition names for a bot: {@code env:NAME} (the node's environment), {@code
   * file:KEY} (a key of the node's tokens file or of {@code botswarm.telegram.tokens}, the latter
   * winning as it does for the lookup by bot id), or null for the lookup by bot id ({@link
   * #token}). Empty when nothing is there; see {@link #where} for what to set.
   *
   * @throws IllegalArgumentException for a reference of another form, or a value that does not look
   *     like a token (the message names the reference and its source, never the value)
   */
  public Optional<Resolved> resolve(String botId, String tokenRef) {
    if (tokenRef == null) return token(botId).map(t -> new Resolved(t, source(botId)));
    Matcher ref = reference(botId, tokenRef);
    String name = ref.group(2);
    boolean env = ref.group(1).equals("env");
    boolean inConfig = !env && configured.containsKey(name);
    Optional<String> value =
        Optional.ofNullable(
                env ? environment.get(name) : inConfig ? configured.get(name) : file.get(name))
            .map(String::trim)
            .filter(v -> !v.isEmpty());
    String source =
        env
            ? "the environment variable " + name
            : inConfig
                ? "botswarm.telegram.tokens." + name
                : "key " + name + " of " + fileDescription();
    value.ifPresent(
        v -> shape(v, "the token of bot " + botId + " (" + tokenRef + ") from " + source));
    return value.map(v -> new Resolved(v, source));
  }

  /**
   * Where a reference looks, for a message that asks to set it: "the environment variable
   * ANNA_TOKEN", "key anna of the token file (SWARM_TELEGRAM_TOKENS_FILE, not set) or
   * botswarm.telegram.tokens.anna".
   */
  public String where(String botId, String tokenRef) {
    if (tokenRef == null)
      return "the environment variable "
          + ENV_PREFIX
          + botId.toUpperCase(Locale.ROOT)
          + ", botswarm.telegram.tokens."
          + botId
          + " or key "
          + botId
          + " of "
          + fileDescription();
    Matcher ref = reference(botId, tokenRef);
    return ref.group(1).equals("env")
        ? "the environment variable " + ref.group(2)
        : "key "
            + ref.group(2)
            + " of "
            + fileDescription()
            + " or botswarm.telegram.tokens."
            + ref.group(2);
  }

  private static Matcher reference(String botId, String tokenRef) {
    Matcher ref = REF.matcher(tokenRef);
    if (!ref.matches())
      throw new IllegalArgumentException(
          "bot " + botId + ": the token reference '" + tokenRef + "' is not env:NAME or file:KEY");
    return ref;
  }

  private String fileDescription() {
    return fileName.isBlank()
        ? "the token file (SWARM_TELEGRAM_TOKENS_FILE, not set)"
        : "the token file " + fileName;
  }

  public boolean isEmpty() {
    return tokens.isEmpty();
  }

  /** Whether a token file is configured, however many tokens it holds. */
  public boolean hasTokenFile() {
    return !fileName.isBlank();
  }

  public java.util.Set<String> botIds() {
    return tokens.keySet();
  }

  public Optional<String> token(String botId) {
    return Optional.ofNullable(tokens.get(botId));
  }

  /** Where a bot's token came from, for messages about it. */
  public String source(String botId) {
    return sources.getOrDefault(botId, "nowhere");
  }

  @Override
  public String toString() {
    return "BotTokens" + tokens.keySet();
  }
}
