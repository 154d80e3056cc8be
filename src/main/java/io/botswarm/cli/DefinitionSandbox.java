package io.botswarm.cli;

import io.botswarm.definition.BotEntry;
import io.botswarm.definition.ChatEntry;
import io.botswarm.definition.SwarmDefinition;
import io.botswarm.telegram.sandbox.SandboxSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Bot API sandbox playing Telegram for a swarm definition: its bots under their usernames, each
 * with a sandbox token derived from its bot id (the same every run, never a real one), and its
 * chats with their members. The tokens are written where the definition's references look for them,
 * so that nodes started apart find them as they would find real ones.
 */
final class DefinitionSandbox {

  /** Sandbox bots' Telegram user ids: the numeric part of their tokens, in this range. */
  private static final long FIRST_ID = 800_000_000L;

  private static final long IDS = 100_000_000L;

  private final SwarmDefinition definition;
  private final Map<String, String> tokens;

  private DefinitionSandbox(SwarmDefinition definition, Map<String, String> tokens) {
    this.definition = definition;
    this.tokens = tokens;
  }

  static DefinitionSandbox of(SwarmDefinition definition) {
    Map<String, String> tokens = new LinkedHashMap<>();
    Set<Long> taken = new HashSet<>();
    for (BotEntry b : definition.bots()) {
      byte[] hash = sha256("botswarm-sandbox/" + b.id());
      long number = FIRST_ID + Math.floorMod(ByteBuffer.wrap(hash).getLong(), IDS);
      // Two bot ids whose hashes meet: the later bot (in file order) takes the next free number.
      while (!taken.add(number)) number = FIRST_ID + Math.floorMod(number - FIRST_ID + 1, IDS);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 35);
      tokens.put(b.id(), number + ":" + secret);
    }
    return new DefinitionSandbox(definition, tokens);
  }

  /** Each bot's sandbox token, by bot id, in the definition's order. */
  Map<String, String> tokens() {
    return tokens;
  }

  SwarmDefinition definition() {
    return definition;
  }

  SandboxSpec spec(boolean botToBot) {
    Map<String, String> usernames = new HashMap<>();
    List<SandboxSpec.Bot> bots = new ArrayList<>();
    for (BotEntry b : definition.bots()) {
      usernames.put(b.id(), b.username());
      bots.add(
          new SandboxSpec.Bot(
              tokens.get(b.id()), b.username(), b.persona().name(), false, botToBot));
    }
    List<SandboxSpec.Chat> chats = new ArrayList<>();
    for (ChatEntry c : definition.chats())
      chats.add(
          new SandboxSpec.Chat(
              c.id(), c.title(), c.members().stream().map(m -> usernames.get(m.bot())).toList()));
    return new SandboxSpec(bots, chats, SandboxSpec.FloodLimits.TELEGRAM);
  }

  /**
   * The tokens file's entries: per bot, the key its {@code file:KEY} reference names, or its bot id
   * when it names no token (the node's lookup by bot id).
   */
  Map<String, String> fileEntries() {
    Map<String, String> entries = new LinkedHashMap<>();
    for (BotEntry b : definition.bots())
      if (b.token() == null) entries.put(b.id(), tokens.get(b.id()));
      else if (b.token().file() != null) entries.put(b.token().file(), tokens.get(b.id()));
    return entries;
  }

  /** The environment variables the bots' {@code env:NAME} references name, with their tokens. */
  Map<String, String> environment() {
    Map<String, String> variables = new LinkedHashMap<>();
    for (BotEntry b : definition.bots())
      if (b.token() != null && b.token().env() != null)
        variables.put(b.token().env(), tokens.get(b.id()));
    return variables;
  }

  /**
   * Writes the tokens file ({@code key = token} lines) and, when bots reference environment
   * variables, {@code tokens.env} beside it ({@code NAME=token} lines, to export to the nodes);
   * both readable by their owner only.
   *
   * @return the environment file, when one was written
   */
  Optional<Path> write(Path tokensFile, String about) {
    StringBuilder lines = new StringBuilder("# Sandbox tokens of " + about + "\n");
    fileEntries()
        .forEach((key, token) -> lines.append(key).append(" = ").append(token).append('\n'));
    Path envFile = envFile(tokensFile);
    Map<String, String> environment = environment();
    try {
      Path parent = tokensFile.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      writePrivate(tokensFile, lines.toString());
      if (environment.isEmpty()) {
        // A file left by an earlier definition would export tokens nobody references now.
        Files.deleteIfExists(envFile);
        return Optional.empty();
      }
      StringBuilder env = new StringBuilder("# Sandbox tokens of " + about + "\n");
      environment.forEach((name, token) -> env.append(name).append('=').append(token).append('\n'));
      writePrivate(envFile, env.toString());
      return Optional.of(envFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the tokens file " + tokensFile, e);
    }
  }

  /** Where {@link #write} puts the environment variables: {@code tokens.env} beside the file. */
  static Path envFile(Path tokensFile) {
    return tokensFile.toAbsolutePath().resolveSibling("tokens.env");
  }

  private static void writePrivate(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException noPosix) {
      // Not a POSIX file system: the file keeps its default permissions.
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
