package io.botswarm.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.cluster.typed.Cluster;
import io.botswarm.admin.AdminOperations.PlanReport;
import io.botswarm.bot.Bot;
import io.botswarm.bot.BotClient;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatCoordinator;
import io.botswarm.chat.ChatDescription;
import io.botswarm.chat.RejectReason;
import io.botswarm.chat.Verdict;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.generation.ChatLine;
import io.botswarm.generation.DraftResult;
import io.botswarm.store.embedded.LocalPostgres;
import io.botswarm.telegram.TelegramGateway;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.JournalRows;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.net.URI;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A swarm definition applied to a running two-node cluster whose bots talk to the Bot API sandbox:
 * the plan names what changes, a second apply journals nothing, a changed persona is the next
 * draft's, a removed member gets no more turns, a bot the file leaves out is disabled (removed with
 * prune, its journal kept), export round-trips, a dry run journals nothing, and a partial failure
 * names the item that did not apply. The cluster has a database of its own, so that the swarm it
 * knows is exactly the one applied here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmAdminTest {

  static final String TOKEN = "sw4rm-adm1n-" + Long.toHexString(System.nanoTime());
  static final List<SwarmNode> nodes = new ArrayList<>();
  static TelegramWorld world;
  static String databaseUrl;
  static SwarmNode first;
  static SwarmNode second;
  static AdminClient overHttp;
  static String anna;
  static String boris;
  static String carla;
  static String chat;

  /** A quiet window hours away from now: it round-trips and never silences the test. */
  static String quietStart;

  static String quietEnd;

  @BeforeAll
  static void startCluster() {
    world = new TelegramWorld(3, SandboxSpec.FloodLimits.TELEGRAM);
    anna = world.bots.get(0);
    boris = world.bots.get(1);
    carla = world.bots.get(2);
    chat = world.chat();
    databaseUrl =
        TestDatabase.createDatabase(
            "swarm_admin_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36));
    var hh = DateTimeFormatter.ofPattern("HH:00");
    LocalTime now = LocalTime.now(ZoneOffset.UTC);
    quietStart = now.plusHours(6).format(hh);
    quietEnd = now.plusHours(7).format(hh);
    int seed = TestDatabase.freePort();
    int adminPort = TestDatabase.freePort();
    first =
        node(seed, seed, Map.of("botswarm.admin.token", TOKEN, "botswarm.admin.port", adminPort));
    second = node(TestDatabase.freePort(), seed, Map.of());
    overHttp =
        new AdminClient(URI.create("http://127.0.0.1:" + adminPort), TOKEN, Duration.ofSeconds(60));
  }

  static SwarmNode node(int port, int seedPort, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(world.config());
    config.putAll(extra);
    // The partial-failure step waits this long for a bot that cannot recover (default 30 s).
    config.put("botswarm.admin.ask-timeout", "10s");
    config.put("botswarm.db.url", databaseUrl);
    config.put("akka.remote.artery.canonical.port", port);
    config.put("akka.cluster.seed-nodes", List.of("akka://botswarm@127.0.0.1:" + seedPort));
    SwarmNode node = TestNodes.start(config);
    nodes.add(node);
    return node;
  }

  @AfterAll
  static void stop() {
    for (SwarmNode n : nodes) n.terminate();
    if (world != null) world.close();
  }

  /** The definition under test; each argument is what a step changes. */
  static String definition(
      String annaStyle, String annaExample, List<String> botsListed, List<String> members) {
    StringBuilder y = new StringBuilder();
    y.append("version: 1\n")
        .append("defaults:\n")
        .append("  chat:\n")
        // Idle chats would start conversations of their own, and journal them.
        .append("    starters: false\n")
        .append("bots:\n");
    if (botsListed.contains(anna))
      y.append("  - id: ")
          .append(anna)
          .append("\n    username: ")
          .append(anna)
          .append("\n    persona:\n")
          .append("      name: Anna\n")
          .append("      bio: Trades since 2013.\n")
          .append("      lore: [\"Lost a key once\"]\n")
          .append("      style: ")
          .append(annaStyle)
          .append("\n      adjectives: [wry]\n")
          .append("      topics: [bitcoin, gold]\n")
          .append("      examples: [\"")
          .append(annaExample)
          .append("\"]\n")
          .append("    emotion: {mood: curious, intensity: 0.4}\n")
          .append("    stances: [{topic: Bitcoin, position: 0.7, confidence: 0.8}]\n")
          .append("    holdings: [{symbol: BTC, quantity: 0.50, average_cost: 42000}]\n")
          .append("    memories: [{type: fact, text: Sold everything in 2022, relevance: 0.9}]\n");
    if (botsListed.contains(boris))
      y.append("  - id: ")
          .append(boris)
          .append("\n    username: ")
          .append(boris)
          .append("\n    persona: {name: Boris, style: formal, topics: [gold], language: de}\n");
    if (botsListed.contains(carla))
      y.append("  - id: ")
          .append(carla)
          .append("\n    username: ")
          .append(carla)
          .append("\n    persona: {name: Carla, topics: [stocks]}\n")
          .append("    stances: [{topic: stocks, position: -0.2, confidence: 0.5}]\n");
    y.append("chats:\n")
        .append("  - id: ")
        .append(chat)
        .append("\n    title: Test Chat\n")
        .append("    activity: 0.5\n")
        .append("    quiet_hours: {start: \"")
        .append(quietStart)
        .append("\", end: \"")
        .append(quietEnd)
        .append("\", zone: UTC}\n")
        .append("    limits: {chat_per_minute: 30, min_gap_per_bot: 2s}\n")
        .append("    members:\n");
    for (String m : members) {
      y.append("      - bot: ").append(m).append('\n');
      if (m.equals(carla)) y.append("        topics: [stocks, bonds]\n");
    }
    return y.toString();
  }

  static final String STYLE = "terse";
  static final String EXAMPLE = "Bitcoin fixes this.";

  static String original() {
    return definition(STYLE, EXAMPLE, List.of(anna, boris, carla), List.of(anna, boris, carla));
  }

  /** Rows an apply could write: the bots', the chats', and the chats' remembered-entity store. */
  /**
   * What an apply journals: the operator's events of bots and chats, and chats sharding remembers.
   * The bots' conversation (hearing, drafts, sends) goes on meanwhile and is not counted.
   */
  static long journalRows() throws Exception {
    try (var conn = DriverManager.getConnection(databaseUrl, LocalPostgres.USER, "");
        var st =
            conn.prepareStatement(
                "SELECT count(*) FROM event_journal WHERE persistence_id LIKE '/sharding/Chat%'"
                    + " OR event_ser_manifest = ANY (?)")) {
      st.setArray(1, conn.createArrayOf("text", OPERATOR_EVENTS.toArray()));
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static final List<String> OPERATOR_EVENTS =
      java.util.stream.Stream.of(
              Bot.BotRegistered.class,
              Bot.PersonaChanged.class,
              Bot.EnabledChanged.class,
              Bot.TokenRefChanged.class,
              Bot.EmotionSet.class,
              Bot.StanceSet.class,
              Bot.HoldingSet.class,
              Bot.MemorySeeded.class,
              Bot.SeedMemoriesDeclared.class,
              Bot.BotRemoved.class,
              ChatCoordinator.ChatConfigured.class,
              ChatCoordinator.ChatSettingsChanged.class,
              ChatCoordinator.MemberAdded.class,
              ChatCoordinator.MemberRemoved.class,
              ChatCoordinator.MemberChanged.class,
              ChatCoordinator.ChatRemoved.class,
              ChatCoordinator.ChatDiscovered.class)
          .map(Class::getName)
          .toList();

  static long journalRows(String persistenceId) throws Exception {
    try (var conn = DriverManager.getConnection(databaseUrl, LocalPostgres.USER, "");
        var st =
            conn.prepareStatement("SELECT count(*) FROM event_journal WHERE persistence_id = ?")) {
      st.setString(1, persistenceId);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static PlanReport apply(SwarmNode node, String text, boolean apply, boolean prune) {
    return node.admin().plan("swarm.yaml", text, apply, prune).toCompletableFuture().join();
  }

  static void assertClean(PlanReport r) {
    assertEquals(List.of(), r.problems(), r.toString());
    assertEquals(List.of(), r.failed(), r.toString());
  }

  @Test
  @Order(1)
  void createsTheSwarmThroughTheAdminApi() throws Exception {
    TestNodes.await(
        "two members", 30, () -> Cluster.get(first.system()).state().members().size() == 2);

    PlanReport r = AdminClient.await(overHttp.plan("swarm.yaml", original(), true, false));
    assertClean(r);
    assertTrue(r.applied());
    assertEquals(
        List.of(
            "+ bot " + anna, "+ bot " + boris, "+ bot " + carla, "+ chat " + chat + " (Test Chat)"),
        r.changes());
    assertEquals(0, r.unchanged());

    var bots = new BotClient(second.system());
    for (String b : world.bots) {
      var d = bots.describe(b).toCompletableFuture().join();
      assertEquals(Bot.BotDescription.Status.ACTIVE, d.status(), b);
    }
    var annaNow = bots.describe(anna).toCompletableFuture().join().profile().orElseThrow();
    assertEquals(List.of(EXAMPLE), annaNow.persona().examples());
    assertEquals(1, annaNow.memories().size());
    var c = new ChatClient(second.system()).describe(chat).toCompletableFuture().join();
    assertEquals(ChatDescription.Status.ACTIVE, c.status());
    var members = c.settings().orElseThrow().members();
    assertEquals(List.of(anna, boris, carla), members.stream().map(m -> m.botId()).toList());
    assertEquals(List.of("bitcoin", "gold"), members.get(0).topics());
    assertEquals(List.of("stocks", "bonds"), members.get(2).topics());
    // The apply woke each bot's gateway: a gateway polls only for a bot that exists.
    for (String b : world.bots) TestNodes.await(b + " polls", 30, () -> polls(b));
  }

  @Test
  @Order(2)
  void aSecondApplyChangesNothingAndJournalsNothing() throws Exception {
    long before = journalRows();
    PlanReport again = apply(second, original(), true, false);
    assertClean(again);
    assertEquals(List.of(), again.changes());
    assertEquals(4, again.unchanged());
    PlanReport overHttpToo =
        AdminClient.await(overHttp.plan("swarm.yaml", original(), true, false));
    assertEquals(List.of(), overHttpToo.changes());
    assertEquals(before, journalRows());
  }

  @Test
  @Order(3)
  void aChangedPersonaIsTheNextDraftsVoice() throws Exception {
    String example = "Gold is the only honest money, friends!";
    String changed =
        definition(
            "enthusiastic", example, List.of(anna, boris, carla), List.of(anna, boris, carla));
    PlanReport plan = apply(second, changed, false, false);
    assertClean(plan);
    assertEquals(List.of("~ bot " + anna + " persona.style, persona.examples"), plan.changes());
    assertFalse(plan.applied());

    PlanReport r = apply(second, changed, true, false);
    assertClean(r);
    assertEquals(plan.changes(), r.changes());
    var persona =
        new BotClient(first.system())
            .describe(anna)
            .toCompletableFuture()
            .join()
            .profile()
            .orElseThrow()
            .persona();
    assertEquals("enthusiastic", persona.speakingStyle());
    // The offline generator opens a topic with one of the bot's examples: now the new one.
    for (SwarmNode node : nodes) {
      DraftResult draft =
          node.drafts().draft(anna, List.of(), Optional.empty()).toCompletableFuture().join();
      var text = assertInstanceOf(DraftResult.Draft.class, draft).text();
      assertTrue(text.startsWith(example), text);
    }
  }

  @Test
  @Order(4)
  void aRemovedMemberGetsNoMoreTurns() throws Exception {
    String withoutCarla =
        definition(
            "enthusiastic",
            "Gold is the only honest money, friends!",
            List.of(anna, boris, carla),
            List.of(anna, boris));
    PlanReport r = apply(first, withoutCarla, true, false);
    assertClean(r);
    assertEquals(List.of("- member " + carla + " from " + chat), r.changes());

    var chats = new ChatClient(second.system());
    var verdict =
        chats.submit(chat, carla, "still here?", Optional.empty()).toCompletableFuture().join();
    var rejected = assertInstanceOf(Verdict.Rejected.class, verdict);
    assertEquals(RejectReason.NOT_A_MEMBER, rejected.reason());

    // Asked by name about her own topic, Carla does not answer; a member does.
    long asked =
        world.sandbox.postAsHuman(world.chatId, "Sam", "@" + carla + " what about stocks?");
    TestNodes.await(
        "a member answers message " + asked, 60, () -> !linesAfter(chats, asked).isEmpty());
    assertTrue(
        linesAfter(chats, asked).stream().noneMatch(l -> l.speakerId().equals(carla)),
        linesAfter(chats, asked).toString());
  }

  /** Whether the bot's gateway polls; a gateway still starting may not answer in time. */
  static boolean polls(String botId) throws Exception {
    try {
      return TelegramWorld.status(first, botId).phase() == TelegramGateway.Phase.POLLING;
    } catch (java.util.concurrent.ExecutionException startingUp) {
      return false;
    }
  }

  static List<ChatLine> linesAfter(ChatClient chats, long messageId) throws Exception {
    var recent = chats.state(chat).toCompletableFuture().get().recent();
    List<ChatLine> after = new ArrayList<>();
    boolean seen = false;
    for (ChatLine l : recent) {
      if (seen && !l.speakerId().isEmpty()) after.add(l);
      if (l.messageId() == messageId) seen = true;
    }
    return after;
  }

  @Test
  @Order(5)
  void aBotLeftOutIsDisabledThenPrunedWithItsJournalKept() throws Exception {
    String withoutBoris =
        definition(
            "enthusiastic",
            "Gold is the only honest money, friends!",
            List.of(anna, carla),
            List.of(anna));
    PlanReport r = apply(first, withoutBoris, true, false);
    assertClean(r);
    assertEquals(
        List.of("~ bot " + boris + " disabled", "- member " + boris + " from " + chat),
        r.changes());
    var bots = new BotClient(second.system());
    assertFalse(bots.profile(boris).toCompletableFuture().join().enabled());

    long rows = journalRows(Bot.persistenceId(boris).id());
    PlanReport pruned = apply(second, withoutBoris, true, true);
    assertClean(pruned);
    assertEquals(List.of("- bot " + boris), pruned.changes());
    assertEquals(
        Bot.BotDescription.Status.REMOVED,
        bots.describe(boris).toCompletableFuture().join().status());
    assertEquals(rows + 1, journalRows(Bot.persistenceId(boris).id()), "journal kept");
    assertEquals(List.of(), apply(first, withoutBoris, true, true).changes());
  }

  @Test
  @Order(6)
  void exportThenApplyIsNoChanges() throws Exception {
    String exported = AdminClient.await(overHttp.export());
    assertFalse(exported.contains(boris), exported);
    assertTrue(exported.contains(carla), exported);
    long before = journalRows();
    PlanReport r = apply(second, exported, true, false);
    assertClean(r);
    assertEquals(List.of(), r.changes(), exported);
    assertEquals(3, r.unchanged(), "the removed bot is not one of them");
    assertEquals(before, journalRows());
    assertEquals(exported, second.admin().export().toCompletableFuture().join());
  }

  @Test
  @Order(7)
  void aDryRunNeverJournals() throws Exception {
    long before = journalRows();
    String newChat = "-100" + (1_000_000_000L + ThreadLocalRandom.current().nextLong(1L << 30));
    String everything =
        original()
            + "  - id: "
            + newChat
            + "\n    title: Elsewhere\n    members: [{bot: "
            + anna
            + "}]\n";
    PlanReport plan = apply(first, everything, false, true);
    assertClean(plan);
    assertFalse(plan.applied());
    assertTrue(plan.changes().contains("+ bot " + boris), plan.changes().toString());
    assertTrue(plan.changes().contains("+ member " + carla + " in " + chat), plan.toString());
    assertTrue(plan.changes().contains("+ chat " + newChat + " (Elsewhere)"), plan.toString());
    assertEquals(before, journalRows());
    assertEquals(
        ChatDescription.Status.UNKNOWN,
        AdminClient.await(overHttp.show(AdminOperations.Kind.CHAT, newChat))
            .map(v -> ChatDescription.Status.ACTIVE)
            .orElse(ChatDescription.Status.UNKNOWN));
    assertEquals(before, journalRows());
  }

  @Test
  @Order(8)
  void aPartialFailureNamesTheItemAndApplyingAgainFinishes() throws Exception {
    String dora = "dora_" + anna.substring(3);
    String base =
        definition(
            "enthusiastic",
            "Gold is the only honest money, friends!",
            List.of(anna, carla),
            List.of(anna, carla));
    String withDora = base.replace("chats:\n", botNamed(dora) + "chats:\n");
    // What no validation can know: a journal holding an event this version cannot read. The bot
    // fails to recover and restarts with backoff, failing again, so its apply gets no answer
    // within the node's ask timeout; the other items apply.
    var rows = new JournalRows(databaseUrl, first.system());
    String pid = Bot.persistenceId(dora).id();
    rows.writeJson(
        pid,
        1,
        new Bot.EnabledChanged(dora, true, Instant.EPOCH),
        "io.botswarm.bot.Bot$EventOfALaterVersion",
        "{\"botId\":\"" + dora + "\"}");
    PlanReport r = apply(first, withDora, true, false);
    assertEquals(List.of(), r.problems());
    assertEquals(1, r.failed().size(), r.toString());
    assertTrue(r.failed().get(0).startsWith("bot " + dora + ": "), r.failed().toString());
    assertEquals(List.of("+ member " + carla + " in " + chat), r.changes());

    // Once the journal reads, the bot recovers at its next restart. The command of the apply that
    // timed out waits in its stash across restarts, so that apply may yet be the one that creates
    // it: applying again finishes either way, with the bot in place.
    rows.delete(pid);
    PlanReport again = apply(second, withDora, true, false);
    assertClean(again);
    assertTrue(
        again.changes().equals(List.of()) || again.changes().equals(List.of("+ bot " + dora)),
        again.toString());
    var doraNow = new BotClient(first.system()).describe(dora).toCompletableFuture().join();
    assertEquals(Bot.BotDescription.Status.ACTIVE, doraNow.status());
    assertEquals("Dora", doraNow.profile().orElseThrow().persona().name());
    assertEquals(List.of(), apply(first, withDora, true, false).changes());
  }

  static String botNamed(String id) {
    return "  - id: " + id + "\n    username: " + id + "\n    persona: {name: Dora}\n";
  }
}
