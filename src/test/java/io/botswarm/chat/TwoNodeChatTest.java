package io.botswarm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.Persona;
import io.botswarm.chat.ChatSettings.Member;
import io.botswarm.chat.Verdict.Admitted;
import io.botswarm.chat.Verdict.Rejected;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on 127.0.0.1 in one JVM, bots on both: a chat's limits and dedup window hold whichever
 * node a draft comes from, and survive the coordinator's node leaving.
 */
class TwoNodeChatTest {

  static final RecordingTransport transport = new RecordingTransport();
  static SwarmNode first;
  static SwarmNode second;

  static SwarmNode node(int port, int seedPort) {
    return TestNodes.start(
        Map.of(
            "akka.remote.artery.canonical.port",
            port,
            "akka.cluster.seed-nodes",
            List.of("akka://botswarm@127.0.0.1:" + seedPort),
            "botswarm.chat.over-limit.max-deferral",
            "1s"),
        system -> transport);
  }

  @BeforeAll
  static void start() throws Exception {
    int seed = TestDatabase.freePort();
    first = node(seed, seed);
    second = node(TestDatabase.freePort(), seed);
    TestNodes.await(
        "both nodes are members",
        15,
        () ->
            Cluster.get(first.system()).state().getMembers().spliterator().getExactSizeIfKnown()
                >= 2);
    var bots = new BotClient(first.system());
    for (String id : List.of("north_bot", "south_bot"))
      join(bots.register(id, new Persona(id, id, "", "terse", List.of("gold"))));
  }

  @AfterAll
  static void stop() {
    for (SwarmNode n : new SwarmNode[] {second, first}) if (n != null) n.terminate();
  }

  static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  /** Whether {@code node}'s shard region hosts the chat's coordinator right now. */
  static boolean hosts(SwarmNode node, String chatId) throws Exception {
    var state =
        AskPattern
            .<akka.cluster.sharding.typed.ClusterShardingQuery,
                akka.cluster.sharding.ShardRegion.CurrentShardRegionState>
                ask(
                    ClusterSharding.get(node.system()).shardState(),
                    r -> new GetShardRegionState(ChatCoordinator.ENTITY_KEY, r),
                    Duration.ofSeconds(5),
                    node.system().scheduler())
            .toCompletableFuture()
            .get();
    return state.getShards().stream().anyMatch(s -> s.getEntityIds().contains(chatId));
  }

  @Test
  void limitsAndDedupHoldAcrossNodesAndAfterTheCoordinatorMoves() throws Exception {
    // Its own chat: the suite's database outlives a test, and a chat's journal with it.
    String chat = "-100777" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000L);
    var members =
        List.of(
            new Member("north_bot", "north_bot", "North", List.of()),
            new Member("south_bot", "south_bot", "South", List.of()));
    // Two messages a minute for the whole chat.
    var limits = new ChatLimits(1, 20, 2, 100, Duration.ZERO);
    join(
        new ChatClient(first.system())
            .configure(
                chat,
                new ChatSettings(
                    "Across", true, members, 0, Optional.empty(), Optional.of(limits))));

    // Drafts come in through both nodes; one coordinator decides.
    var viaFirst = new ChatClient(first.system());
    var viaSecond = new ChatClient(second.system());
    var update =
        new Incoming(
            501, "Hank", "", "hello from Telegram", Optional.empty(), java.time.Instant.now());
    assertTrue(!join(viaSecond.receive(chat, update)).duplicate());
    assertInstanceOf(
        Admitted.class,
        join(
            viaFirst.submit(
                chat,
                "north_bot",
                "Gold held up well through every crisis of the last century",
                Optional.empty())));
    var duplicate =
        assertInstanceOf(
            Rejected.class,
            join(
                viaSecond.submit(
                    chat,
                    "south_bot",
                    "gold held up well through every crisis of the last century!",
                    Optional.empty())));
    assertEquals(RejectReason.DUPLICATE, duplicate.reason());
    // The next second's slot: the chat's limit of one a second lets the next draft through then.
    TestNodes.await(
        "the chat's next slot",
        5,
        () ->
            !join(viaSecond.state(chat))
                .limiter()
                .earliest("south_bot", Instant.now())
                .isAfter(Instant.now()));
    assertInstanceOf(
        Admitted.class,
        join(
            viaSecond.submit(
                chat,
                "south_bot",
                "Paper money always returns to its intrinsic value",
                Optional.empty())));

    // The node hosting the coordinator leaves; the chat's coordinator comes back on the other.
    boolean onFirst = hosts(first, chat);
    assertTrue(onFirst || hosts(second, chat), "one node hosts the coordinator");
    SwarmNode leaving = onFirst ? first : second;
    SwarmNode staying = onFirst ? second : first;
    leaving.terminate();
    if (leaving == first) first = null;
    else second = null;
    var survivor = new ChatClient(staying.system());
    TestNodes.await(
        "the coordinator runs on the staying node",
        30,
        () -> {
          try {
            join(survivor.state(chat));
          } catch (RuntimeException stillMoving) {
            // Hand-off in progress; asks are buffered or time out until the shard is home again.
          }
          return hosts(staying, chat);
        });

    var redelivered =
        new Incoming(
            501, "Hank", "", "hello from Telegram", Optional.empty(), java.time.Instant.now());
    assertTrue(
        join(survivor.receive(chat, redelivered)).duplicate(),
        "an update seen before the move is not processed again");
    var again =
        assertInstanceOf(
            Rejected.class,
            join(
                survivor.submit(
                    chat,
                    "north_bot",
                    "Gold held up well through every crisis of the last century.",
                    Optional.empty())));
    assertEquals(
        RejectReason.DUPLICATE, again.reason(), "the dedup window moved with the coordinator");
    var limited =
        assertInstanceOf(
            Rejected.class,
            join(
                survivor.submit(
                    chat, "north_bot", "Something entirely new about copper", Optional.empty())));
    assertEquals(
        RejectReason.RATE_LIMITED,
        limited.reason(),
        "the minute's budget moved too: no burst after the move");
    assertEquals(2, transport.to(chat).size(), "never over the limit, never twice");
  }
}
