package io.botswarm.definition;

import io.botswarm.definition.BotEntry.TokenRef;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Whether a bot's token reference leads to a token on the node that checks it. The definition only
 * names where a token is; whether it is there depends on the node's environment and secrets file,
 * which the caller knows.
 */
@FunctionalInterface
public interface TokenResolver {

  /** Whether {@code ref} names a token that is there (never reads it out). */
  boolean resolves(TokenRef ref);

  /** References to environment variables present in {@code environment} or to given file keys. */
  static TokenResolver of(Map<String, String> environment, Set<String> fileKeys) {
    return ref ->
        ref.env() != null
            ? environment.containsKey(ref.env()) && !environment.get(ref.env()).isBlank()
            : fileKeys.contains(ref.file());
  }

  /**
   * As a node started with {@code environment} would resolve references: environment variables, and
   * the keys of the tokens file {@code SWARM_TELEGRAM_TOKENS_FILE} names (none if it names no
   * readable file).
   */
  static TokenResolver ofNode(Map<String, String> environment) {
    String file = environment.getOrDefault("SWARM_TELEGRAM_TOKENS_FILE", "");
    Properties keys = new Properties();
    if (!file.isBlank()) {
      try (Reader in = Files.newBufferedReader(Path.of(file))) {
        keys.load(in);
      } catch (IOException e) {
        // An unreadable tokens file resolves no key: every file reference is then reported.
        keys.clear();
      }
    }
    return of(environment, keys.stringPropertyNames());
  }
}
