package io.botswarm.testing;

import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.Persona;
import io.botswarm.bot.PersonaGenerator;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatSettings;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.telegram.TelegramGateway;
import io.botswarm.telegram.sandbox.BotApiSandbox;
import io.botswarm.telegram.sandbox.SandboxSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A sandbox with a few bots in one group chat, and the swarm's side of it: tokens for node config,
 * the bots registered and the chat configured. Bot ids and the chat id are fresh for every world,
 * because the suite shares one journal.
 */
public final class TelegramWorld implements AutoCloseable {

  public final List<String> bots = new ArrayList<>();
  public final Map<String, String> tokens = new HashMap<>();
  public final long chatId;
  public final BotApiSandbox sandbox;

  public TelegramWorld(int botCount, SandboxSpec.FloodLimits limits) {
    String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    List<SandboxSpec.Bot> specs = new ArrayList<>();
    for (int i = 0; i < botCount; i++) {
      String id = "b" + i + "_" + run + "_bot";
      String token = (7_000_000 + i) + ":" + run.repeat(8).substring(0, 8) + "x".repeat(27) + i;
      bots.add(id);
      tokens.put(id, token);
      specs.add(new SandboxSpec.Bot(token, id, "Bot" + i, false, false));
    }
    chatId = -1_000_000_000_000L - ThreadLocalRandom.current().nextLong(1_000_000_000L);
    sandbox =
        BotApiSandbox.start(
            new SandboxSpec(
                specs, List.of(new SandboxSpec.Chat(chatId, "Test Chat", bots)), limits),
            "127.0.0.1",
            0);
  }

  /** Node config that points the swarm at this sandbox with these tokens. */
  public Map<String, Object> config() {
    Map<String, Object> config = new HashMap<>();
    config.put("botswarm.telegram.api-url", sandbox.url());
    config.put("botswarm.telegram.poll-timeout", "2s");
    tokens.forEach((id, token) -> config.put("botswarm.telegram.tokens." + id, token));
    return config;
  }

  /** Registers the bots and configures the chat with them as members. */
  public void populate(SwarmNode node) {
    var botClient = new BotClient(node.system());
    List<ChatSettings.Member> members = new ArrayList<>();
    for (int i = 0; i < bots.size(); i++) {
      Persona p = new PersonaGenerator(7).blueprint(i).persona();
      var persona = new Persona(p.name(), bots.get(i), p.bio(), p.speakingStyle(), p.interests());
      botClient.register(bots.get(i), persona).toCompletableFuture().join();
      members.add(new ChatSettings.Member(bots.get(i), bots.get(i), p.name(), p.interests()));
    }
    new ChatClient(node.system())
        .configure(
            String.valueOf(chatId),
            new ChatSettings("Test Chat", true, members, 0.5, Optional.empty(), Optional.empty()))
        .toCompletableFuture()
        .join();
  }

  /** What the gateway of a bot says of itself, asked through {@code node}. */
  public static TelegramGateway.Status status(SwarmNode node, String botId) throws Exception {
    return AskPattern.<TelegramGateway.Command, TelegramGateway.Status>ask(
            ClusterSharding.get(node.system()).entityRefFor(TelegramGateway.ENTITY_KEY, botId),
            TelegramGateway.GetStatus::new,
            Duration.ofSeconds(5),
            node.system().scheduler())
        .toCompletableFuture()
        .get();
  }

  public String chat() {
    return String.valueOf(chatId);
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
