package io.botswarm.cluster;

import static io.botswarm.testing.TestNodes.await;
import static io.botswarm.testing.TestNodes.botShardsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.cluster.typed.Cluster;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.Persona;
import io.botswarm.bot.Profile;
import io.botswarm.chat.ChatClient;
import io.botswarm.generation.ChatLine;
import io.botswarm.telegram.TelegramGateway;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node in a JVM of its own is killed with SIGKILL: the split brain resolver downs it, and its
 * bots come back on the survivor from the journal with every acknowledged change. The nodes talk to
 * a Bot API sandbox: the killed node's Telegram gateways poll again on the survivors from their
 * journaled offsets, and every message people posted meanwhile reaches its chat once.
 */
class SuddenDeathTest {

  static SwarmNode survivor;
  static SwarmNode neighbour;
  static Process victim;
  static TelegramWorld world;

  @AfterAll
  static void stop() {
    if (victim != null) victim.destroyForcibly();
    if (neighbour != null) neighbour.terminate();
    if (survivor != null) survivor.terminate();
    if (world != null) world.close();
  }

  /**
   * The test's own database: remembered gateways and bots of earlier tests in the shared one would
   * start on the first two nodes too, and rebalancing might give the third node only their shards.
   */
  static String database;

  static Map<String, Object> node(int port, int seed) {
    Map<String, Object> config = new HashMap<>(world.config());
    config.put("botswarm.db.url", database);
    config.put("akka.remote.artery.canonical.port", port);
    config.put("akka.cluster.seed-nodes", List.of("akka://botswarm@127.0.0.1:" + seed));
    // Failover with the product's ask timeout: asks lost with the killed node are given up on as
    // soon as a deployed node would give up on them.
    config.put("botswarm.bot.ask-timeout", "5s");
    return config;
  }

  /** How many of this test's bots have their gateway on {@code node}. */
  static long gatewaysOf(SwarmNode node) throws Exception {
    return TestNodes.entityIds(node, TelegramGateway.ENTITY_KEY).stream()
        .filter(world.bots::contains)
        .count();
  }

  static long members(SwarmNode node) {
    return Cluster.get(node.system()).state().getMembers().spliterator().getExactSizeIfKnown();
  }

  @Test
  void aKilledNodeIsDownedAndItsBotsRecoverElsewhereWithTheirState(@TempDir Path files)
      throws Exception {
    // Six bots, each alone in its chat: a message reaches the swarm only through its gateway.
    world = new TelegramWorld(6, SandboxSpec.FloodLimits.TELEGRAM, true);
    database =
        TestDatabase.createDatabase(
            "sudden_death_"
                + Long.toString(
                    java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40), 36));
    int seed = TestDatabase.freePort();
    survivor = TestNodes.start(node(seed, seed));
    // Three members, so that keep-majority keeps the two that remain whatever their addresses.
    neighbour = TestNodes.start(node(TestDatabase.freePort(), seed));

    // The other node: the same product, started as `swarm node` in a JVM of its own.
    Path config = files.resolve("victim.conf");
    Files.writeString(
        config,
        "akka.cluster.seed-nodes = [\"akka://botswarm@127.0.0.1:"
            + seed
            + "\"]\n"
            + "botswarm.management.enabled = off\n");
    var command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.botswarm.cli.Swarm",
                "node",
                "--config",
                config.toString(),
                "--port",
                String.valueOf(TestDatabase.freePort()),
                "--metrics-port",
                "0",
                "--api-port",
                "0"));
    var builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(files.resolve("victim.log").toFile());
    builder.environment().put("SWARM_DB_URL", database);
    builder.environment().put("SWARM_DB_USER", "botswarm");
    builder.environment().put("SWARM_TELEGRAM_API", world.sandbox.url());
    builder.environment().put("SWARM_TELEGRAM_TOKENS_FILE", world.tokenFile(files).toString());
    victim = builder.start();
    await("the third node joined", 90, () -> members(survivor) == 3);

    world.populate(survivor);
    // The setup's asks wait longer: three nodes start and rebalance on a busy machine meanwhile.
    var patient = new BotClient(survivor.system(), TestNodes.SETUP_ASK);
    List<String> ids = new ArrayList<>();
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String id = "mortal_" + i + "_bot";
      double position = 0.1 + i % 8 / 10.0;
      ids.add(id);
      writes.add(
          patient
              .register(id, new Persona("Mortal " + i, id, "", "terse", List.of()))
              .thenCompose(
                  p ->
                      patient.takeStance(
                          id, "gold", position, 0.5, "acknowledged before the crash"))
              .toCompletableFuture());
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    Map<String, Profile> before = new HashMap<>();
    for (String id : ids) before.put(id, patient.profile(id).toCompletableFuture().join());
    // Sharding's default shard of an entity: its id's hash modulo the number of shards.
    List<String> ours = java.util.stream.Stream.concat(ids.stream(), world.bots.stream()).toList();
    long shardsWithBots = ours.stream().map(id -> Math.abs(id.hashCode() % 300)).distinct().count();
    // Rebalancing gives the node that joined last its share (a few rounds of 2 s).
    await(
        "some bot shards live on the node to be killed",
        60,
        () -> botShardsOf(survivor, ours) + botShardsOf(neighbour, ours) < shardsWithBots);

    // Rebalancing gives the node that joined last its share of the gateways' shards too.
    await(
        "some gateways live on the node to be killed",
        60,
        () -> gatewaysOf(survivor) + gatewaysOf(neighbour) < world.bots.size());
    for (String bot : world.bots)
      await(
          bot + " polls",
          30,
          () -> TelegramWorld.status(survivor, bot).phase() == TelegramGateway.Phase.POLLING);
    // People post into every chat, before, during and after the kill.
    Map<Long, List<Long>> posted = new java.util.concurrent.ConcurrentHashMap<>();
    var posting = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread people =
        new Thread(
            () -> {
              for (int n = 0; posting.get(); n++) {
                long chat = world.chatIds.get(n % world.chatIds.size());
                long id = world.sandbox.postAsHuman(chat, "Sam", "still there? " + n);
                posted
                    .computeIfAbsent(chat, c -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(id);
                try {
                  // A person's pace, not a wait for anything.
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    people.start();
    await(
        "people posted into every chat before the kill",
        30,
        () -> posted.size() == world.chatIds.size());

    victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    await("the split brain resolver downed the killed node", 60, () -> members(survivor) == 2);

    // The killed node's shards start on the survivors once it is down: asks may time out until
    // then. How soon is the cluster benchmark's measure, not this test's.
    var bots = new BotClient(survivor.system());
    for (String id : ids)
      await(
          id + " recovered intact",
          60,
          () -> assertEquals(before.get(id), profileOrNull(bots, id), id + " recovered intact"));
    // The Telegram world's bots answer too (their shards count below).
    for (String id : world.bots) await(id + " answers", 60, () -> profileOrNull(bots, id) != null);
    assertEquals(
        shardsWithBots,
        botShardsOf(survivor, ours) + botShardsOf(neighbour, ours),
        "every bot shard, the killed node's included, lives on the survivors");

    for (String bot : world.bots)
      await(
          bot + " polls again",
          30,
          () -> TelegramWorld.status(survivor, bot).phase() == TelegramGateway.Phase.POLLING);
    int afterRecovery = posted.values().stream().mapToInt(List::size).sum();
    await(
        "people posted into every chat after the gateways polled again",
        30,
        () ->
            posted.values().stream().mapToInt(List::size).sum()
                >= afterRecovery + world.chatIds.size());
    posting.set(false);
    people.join();
    var chats = new ChatClient(survivor.system());
    for (var entry : posted.entrySet()) {
      String chat = String.valueOf(entry.getKey());
      await(
          "every message posted into chat " + chat + " reached it",
          30,
          () ->
              chats
                  .state(chat)
                  .toCompletableFuture()
                  .handle(
                      (state, failed) ->
                          state != null
                              && state.recent().stream()
                                  .map(ChatLine::messageId)
                                  .collect(java.util.stream.Collectors.toSet())
                                  .containsAll(entry.getValue()))
                  .get());
      var lines =
          chats.state(chat).toCompletableFuture().get().recent().stream()
              .map(ChatLine::messageId)
              .filter(entry.getValue()::contains)
              .toList();
      assertEquals(entry.getValue().size(), lines.size(), "each taken once in chat " + chat);
    }
    assertEquals(0, world.sandbox.stats().conflicts(), "never two live pollers for one token");
  }

  /** The bot's profile, or null while its ask fails (its shard is still moving). */
  static Profile profileOrNull(BotClient bots, String id) {
    return bots.profile(id).toCompletableFuture().handle((p, e) -> p).join();
  }
}
