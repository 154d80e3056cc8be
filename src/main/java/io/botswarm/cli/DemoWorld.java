package io.botswarm.cli;

import io.botswarm.bot.PersonaGenerator;
import io.botswarm.bot.PersonaGenerator.Blueprint;
import io.botswarm.telegram.sandbox.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's world for a seed: its bots, its group chats (ids, titles, members) and the sandbox
 * tokens of its bots. The same seed gives the same world to {@code swarm demo} and {@code swarm
 * sandbox}, run after run, so that a swarm and a sandbox started apart still agree.
 */
final class DemoWorld {

  static final String[] TITLES = {"Crypto Corner", "Market Talk", "Macro Mondays", "Degen Den"};

  record ChatPlan(long id, String title, List<Blueprint> members) {}

  final long seed;
  final List<Blueprint> bots;
  final List<ChatPlan> chats;

  private DemoWorld(long seed, List<Blueprint> bots, List<ChatPlan> chats) {
    this.seed = seed;
    this.bots = bots;
    this.chats = chats;
  }

  /** {@code bots} bots shared out over up to four chats; every chat gets at least two. */
  static DemoWorld of(long seed, int botCount, int chatCount) {
    List<Blueprint> bots = new PersonaGenerator(seed).generate(botCount);
    int count = Math.max(1, Math.min(chatCount, TITLES.length));
    List<ChatPlan> chats = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      List<Blueprint> members = new ArrayList<>();
      for (int i = 0; i < bots.size(); i++)
        if (i % count == c || bots.size() < 2 * count && i % count == (c + 1) % count)
          members.add(bots.get(i));
      long id = Long.parseLong("-100" + (1_000_000 + Math.floorMod(seed * 7919 + c, 9_000_000)));
      chats.add(new ChatPlan(id, TITLES[c], List.copyOf(members)));
    }
    return new DemoWorld(seed, bots, List.copyOf(chats));
  }

  /** A sandbox token per bot, derived from the seed: the same every run, never a real one. */
  Map<String, String> tokens() {
    Map<String, String> tokens = new LinkedHashMap<>();
    for (int i = 0; i < bots.size(); i++) {
      String id = bots.get(i).botId();
      String secret =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(sha256("botswarm-sandbox/" + seed + "/" + id))
              .substring(0, 35);
      tokens.put(id, (800_000_000L + Math.floorMod(seed, 1000) * 100_000L + i) + ":" + secret);
    }
    return tokens;
  }

  SandboxSpec sandboxSpec(boolean botToBot) {
    var tokens = tokens();
    List<SandboxSpec.Bot> specs = new ArrayList<>();
    for (Blueprint b : bots)
      specs.add(
          new SandboxSpec.Bot(
              tokens.get(b.botId()), b.botId(), b.persona().name(), false, botToBot));
    List<SandboxSpec.Chat> groups = new ArrayList<>();
    for (ChatPlan c : chats)
      groups.add(
          new SandboxSpec.Chat(
              c.id(), c.title(), c.members().stream().map(Blueprint::botId).toList()));
    return new SandboxSpec(specs, groups, SandboxSpec.FloodLimits.TELEGRAM);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
