package io.botswarm.testing;

import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.BotSpec;
import io.botswarm.bot.Mood;
import io.botswarm.bot.Persona;
import io.botswarm.bot.PersonaGenerator;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatSettings;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.telegram.Telegram;
import io.botswarm.telegram.TelegramGateway;
import io.botswarm.telegram.sandbox.BotApiSandbox;
import io.botswarm.telegram.sandbox.SandboxSpec;
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

  /**
   * Bots whose definitions name their token ({@code env:NAME}) instead of the node knowing it by
   * bot id: left out of {@link #config()}, registered with that reference by {@link #populate}.
   */
  public final Map<String, String> tokenRefs = new HashMap<>();

  /** The chat of the world, or with {@code chatPerBot} the first of them. */
  public final long chatId;

  /** Every chat: one with every bot, or with {@code chatPerBot} one per bot, in bot order. */
  public final List<Long> chatIds = new ArrayList<>();

  public final BotApiSandbox sandbox;

  public TelegramWorld(int botCount, SandboxSpec.FloodLimits limits) {
    this(botCount, limits, false);
  }

  /**
   * @param chatPerBot a chat of its own for each bot: then a message reaches the swarm only through
   *     that bot's gateway, and a lost update shows
   */
  public TelegramWorld(int botCount, SandboxSpec.FloodLimits limits, boolean chatPerBot) {
    String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    List<SandboxSpec.Bot> specs = new ArrayList<>();
    for (int i = 0; i < botCount; i++) {
      String id = "b" + i + "_" + run + "_bot";
      String token = (7_000_000 + i) + ":" + run.repeat(8).substring(0, 8) + "x".repeat(27) + i;
      bots.add(id);
      tokens.put(id, token);
      specs.add(new SandboxSpec.Bot(token, id, "Bot" + i, false, false));
    }
    long base = -1_000_000_000_000L - ThreadLocalRandom.current().nextLong(1_000_000_000L);
    List<SandboxSpec.Chat> chats = new ArrayList<>();
    if (chatPerBot)
      for (int i = 0; i < botCount; i++) {
        chatIds.add(base - i);
        chats.add(new SandboxSpec.Chat(base - i, "Chat " + i, List.of(bots.get(i))));
      }
    else {
      chatIds.add(base);
      chats.add(new SandboxSpec.Chat(base, "Test Chat", bots));
    }
    chatId = chatIds.get(0);
    sandbox = BotApiSandbox.start(new SandboxSpec(specs, chats, limits), "127.0.0.1", 0);
  }

  /** The tokens as a secrets file in {@code dir}, for a node in another process. */
  public java.nio.file.Path tokenFile(java.nio.file.Path dir) throws java.io.IOException {
    var file = dir.resolve("tokens.properties");
    StringBuilder lines = new StringBuilder();
    tokens.forEach((id, token) -> lines.append(id).append(" = ").append(token).append('\n'));
    java.nio.file.Files.writeString(file, lines);
    return file;
  }

  /** Node config that points the swarm at this sandbox with these tokens. */
  public Map<String, Object> config() {
    Map<String, Object> config = new HashMap<>();
    config.put("botswarm.telegram.api-url", sandbox.url());
    config.put("botswarm.telegram.poll-timeout", "2s");
    tokens.forEach(
        (id, token) -> {
          if (!tokenRefs.containsKey(id)) config.put("botswarm.telegram.tokens." + id, token);
        });
    return config;
  }

  /**
   * Gives bot {@code index} its token through the environment variable {@code variable} (a
   * definition's {@code token: {env: variable}}) rather than by bot id.
   *
   * @return the node environment holding that token
   */
  public Map<String, String> tokenByReference(int index, String variable) {
    tokenRefs.put(bots.get(index), "env:" + variable);
    return Map.of(variable, tokens.get(bots.get(index)));
  }

  /**
   * A node on this world (its {@link #config()} with {@code extra} over it) whose bots answer, with
   * the world's bots and chats declared to it.
   */
  public SwarmNode startNode(Map<String, Object> extra) throws Exception {
    var config = new HashMap<>(config());
    config.putAll(extra);
    SwarmNode node = TestNodes.start(config);
    awaitBotsAnswer(node);
    populate(node);
    return node;
  }

  /**
   * Two nodes of one cluster on this world, both up (a bot registered while the second joins may
   * wait out its ask), with the world declared to the first; each is added to {@code started} as it
   * starts, for the caller to stop.
   */
  public List<SwarmNode> startTwoNodes(List<SwarmNode> started) throws Exception {
    int seed = TestDatabase.freePort();
    for (int port : new int[] {seed, TestDatabase.freePort()}) {
      Map<String, Object> config = new HashMap<>(config());
      config.put("akka.remote.artery.canonical.port", port);
      config.put("akka.cluster.seed-nodes", List.of("akka://botswarm@127.0.0.1:" + seed));
      started.add(TestNodes.start(config));
    }
    SwarmNode first = started.get(started.size() - 2);
    TestNodes.await(
        "two members up",
        30,
        () ->
            java.util.stream.StreamSupport.stream(
                        akka.cluster.Cluster.get(first.system()).state().getMembers().spliterator(),
                        false)
                    .filter(m -> m.status() == akka.cluster.MemberStatus.up())
                    .count()
                == 2);
    populate(first);
    return List.copyOf(started.subList(started.size() - 2, started.size()));
  }

  /**
   * Waits until the node's bots answer: a node just started on a busy machine may take longer than
   * an ask's timeout to recover its first bot (a cold journal); once one answers at all (an unknown
   * one with an error), bots answer.
   */
  public void awaitBotsAnswer(SwarmNode node) throws Exception {
    var client = new BotClient(node.system());
    TestNodes.await(
        "the node's bots answer",
        60,
        () ->
            client
                .profile(bots.get(0))
                .handle((profile, error) -> answered(error))
                .toCompletableFuture()
                .get());
  }

  /** An ask answered, with a reply or an error, rather than given up on. */
  public static boolean answered(Throwable error) {
    Throwable e =
        error instanceof java.util.concurrent.CompletionException c ? c.getCause() : error;
    return !(e instanceof java.util.concurrent.TimeoutException);
  }

  /**
   * Registers the bots and configures the chats with their bots as members. Each bot's gateway is
   * woken once its bot is there: one woken at the node's start, before, found no bot and left.
   * Setup asks wait {@link TestNodes#SETUP_ASK}, whatever the node's own ask timeout.
   */
  public void populate(SwarmNode node) {
    var botClient = new BotClient(node.system(), TestNodes.SETUP_ASK);
    List<ChatSettings.Member> members = new ArrayList<>();
    for (int i = 0; i < bots.size(); i++) {
      Persona p = new PersonaGenerator(7).blueprint(i).persona();
      var persona = new Persona(p.name(), bots.get(i), p.bio(), p.speakingStyle(), p.interests());
      String ref = tokenRefs.get(bots.get(i));
      if (ref == null) botClient.register(bots.get(i), persona).toCompletableFuture().join();
      else
        botClient
            .applySpec(
                bots.get(i),
                new BotSpec(persona, true, ref, Mood.NEUTRAL, 0, Map.of(), Map.of(), List.of()),
                false)
            .toCompletableFuture()
            .join();
      Telegram.wake(node.system(), bots.get(i));
      members.add(new ChatSettings.Member(bots.get(i), bots.get(i), p.name(), p.interests()));
    }
    var chats = new ChatClient(node.system(), TestNodes.SETUP_ASK);
    for (int c = 0; c < chatIds.size(); c++) {
      var inChat = chatIds.size() == 1 ? members : List.of(members.get(c));
      chats
          .configure(
              String.valueOf(chatIds.get(c)),
              new ChatSettings("Chat " + c, true, inChat, 0.5, Optional.empty(), Optional.empty()))
          .toCompletableFuture()
          .join();
    }
  }

  /**
   * What the gateway of a bot says of itself, asked through {@code node} with the node's ask
   * timeout (the suite's, or the product's where a test sets it).
   */
  public static TelegramGateway.Status status(SwarmNode node, String botId) throws Exception {
    return AskPattern.<TelegramGateway.Command, TelegramGateway.Status>ask(
            ClusterSharding.get(node.system()).entityRefFor(TelegramGateway.ENTITY_KEY, botId),
            TelegramGateway.GetStatus::new,
            node.system().settings().config().getDuration("botswarm.bot.ask-timeout"),
            node.system().scheduler())
        .toCompletableFuture()
        .get();
  }

  /** Waits until the chat's coordinator has the message with Telegram id {@code messageId}. */
  public void awaitInChat(SwarmNode node, long chat, long messageId) throws Exception {
    var chats = new ChatClient(node.system());
    // In a basic group each bot has its own id for the message (the coordinator keeps the first
    // gateway's), none of them the page's: there the message is found by its text.
    boolean basicGroup = !String.valueOf(chat).startsWith("-100");
    String text =
        sandbox.messages(chat).stream()
            .filter(m -> m.path("message_id").asLong() == messageId)
            .map(m -> m.path("text").asText())
            .findFirst()
            .orElse(null);
    TestNodes.await(
        "message " + messageId + " reaches the coordinator of chat " + chat,
        30,
        () ->
            chats.state(String.valueOf(chat)).toCompletableFuture().get().recent().stream()
                .anyMatch(
                    l ->
                        basicGroup && text != null
                            ? l.text().equals(text)
                            : l.messageId() == messageId));
  }

  public String chat() {
    return String.valueOf(chatId);
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
