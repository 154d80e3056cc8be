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
import java.util.regex.Pattern;

/**
 * The bot tokens of this node, by bot id, from three places (later ones win): a secrets file
 * ({@code botswarm.telegram.token-file}, lines of {@code bot-id = token}), the config block {@code
 * botswarm.telegram.tokens}, and environment variables {@code SWARM_TELEGRAM_TOKEN_<BOT_ID>} (the
 * bot id upper-cased; for ids of letters, digits and underscores). Tokens are never printed: {@link
 * #toString()} and every error name the bot and where its token came from, not the token.
 */
public final class BotTokens {

  public static final String ENV_PREFIX = "SWARM_TELEGRAM_TOKEN_";
  private static final Pattern SHAPE = Pattern.compile("\\d{1,19}:[A-Za-z0-9_-]{30,}");

  private final Map<String, String> tokens;
  private final Map<String, String> sources;

  private BotTokens(Map<String, String> tokens, Map<String, String> sources) {
    this.tokens = Collections.unmodifiableMap(tokens);
    this.sources = Collections.unmodifiableMap(sources);
  }

  public static BotTokens of(Map<String, String> tokens) {
    var sources = new TreeMap<String, String>();
    tokens.keySet().forEach(id -> sources.put(id, "the given tokens"));
    return checked(new TreeMap<>(tokens), sources);
  }

  public static BotTokens load(Config telegram, Map<String, String> environment) {
    var tokens = new TreeMap<String, String>();
    var sources = new TreeMap<String, String>();
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
      }
    }
    for (Map.Entry<String, ConfigValue> e : telegram.getConfig("tokens").root().entrySet()) {
      tokens.put(e.getKey(), String.valueOf(e.getValue().unwrapped()).trim());
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
    return checked(tokens, sources);
  }

  private static BotTokens checked(Map<String, String> tokens, Map<String, String> sources) {
    tokens.forEach(
        (id, token) -> {
          if (!SHAPE.matcher(token).matches())
            throw new IllegalArgumentException(
                "the token of bot "
                    + id
                    + " from "
                    + sources.get(id)
                    + " does not look like a Telegram bot token (<digits>:<secret of 30+ letters, digits, - or _>)");
        });
    return new BotTokens(tokens, sources);
  }

  public boolean isEmpty() {
    return tokens.isEmpty();
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
