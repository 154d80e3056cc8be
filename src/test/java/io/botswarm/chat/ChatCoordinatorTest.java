package io.botswarm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.pattern.StatusReply;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.Persona;
import io.botswarm.chat.ChatSettings.Member;
import io.botswarm.chat.Verdict.Admitted;
import io.botswarm.chat.Verdict.Deferred;
import io.botswarm.chat.Verdict.Rejected;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.generation.DraftService;
import io.botswarm.generation.Generator;
import io.botswarm.testing.TestNodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The coordinator on a running node with real bots, journal and drafts; a recording transport. */
class ChatCoordinatorTest {

  static final RecordingTransport transport = new RecordingTransport();
  static SwarmNode node;
  static ChatClient chats;
  static BotClient bots;

  @BeforeAll
  static void start() {
    node =
        TestNodes.start(
            Map.of(
                "botswarm.chat.turns.tick", "200ms",
                "botswarm.chat.over-limit.max-deferral", "5s"),
            system -> transport);
    chats = new ChatClient(node.system());
    bots = new BotClient(node.system());
    // Three bots that sound different: voices, positions and holdings of their own.
    String[][] bots3 = {
      {"alice_bot", "Alice", "terse and dry", "gold", "0.7", "GLD"},
      {"bruno_bot", "Bruno", "enthusiastic, rocket emoji", "oil", "-0.6", "XOM"},
      {"carla_bot", "Carla", "sarcastic; answers questions with questions", "bitcoin", "0.9", "BTC"}
    };
    for (String[] b : bots3) {
      join(bots.register(b[0], new Persona(b[1], b[0], "", b[2], List.of(b[3]))));
      join(bots.takeStance(b[0], b[3], Double.parseDouble(b[4]), 0.8, "conviction"));
      join(bots.trade(b[0], b[5], java.math.BigDecimal.TEN, java.math.BigDecimal.ONE));
    }
  }

  @AfterAll
  static void stop() {
    node.terminate();
  }

  static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  static String newChat() {
    return "-100" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
  }

  static final List<Member> MEMBERS =
      List.of(
          new Member("alice_bot", "alice_bot", "Alice", List.of("gold")),
          new Member("bruno_bot", "bruno_bot", "Bruno", List.of("oil")),
          new Member("carla_bot", "carla_bot", "Carla", List.of("bitcoin")));

  /** A chat where only the limits under test bind; activity 0 so nobody speaks uninvited. */
  static String chatWith(ChatLimits limits, double activity) {
    String id = newChat();
    join(
        chats.configure(
            id,
            new ChatSettings(
                "Test " + id, true, MEMBERS, activity, Optional.empty(), Optional.of(limits))));
    return id;
  }

  static final ChatLimits LOOSE = new ChatLimits(100, 1000, 1000, 1000, Duration.ZERO);

  static Incoming human(long id, String text) {
    return new Incoming(id, "Hank", "", text, Optional.empty(), Instant.now());
  }

  @Test
  void anUnconfiguredChatIsRefusedWithAReason() {
    var failure =
        assertThrows(
            CompletionException.class, () -> join(chats.receive(newChat(), human(1, "hi"))));
    assertTrue(
        failure.getCause().getMessage().contains("has not been configured"),
        failure.getCause().getMessage());
  }

  @Test
  void aRedeliveredMessageIsProcessedOnce() {
    String chat = chatWith(LOOSE, 0);
    assertEquals(false, join(chats.receive(chat, human(41, "hello there"))).duplicate());
    assertEquals(true, join(chats.receive(chat, human(41, "hello there"))).duplicate());
    var state = join(chats.state(chat));
    assertEquals(1, state.recent().stream().filter(l -> l.messageId() == 41).count());
  }

  @Test
  void repeatedAndNearlyRepeatedDraftsAreRefusedAndTheBotIsToldWhy() {
    String chat = chatWith(LOOSE, 0);
    String text = "Gold is the only honest money left in this market, and I will keep buying it";
    assertInstanceOf(Admitted.class, join(chats.submit(chat, "alice_bot", text, Optional.empty())));

    var same =
        assertInstanceOf(
            Rejected.class,
            join(
                chats.submit(
                    chat,
                    "bruno_bot",
                    "GOLD is the only honest money left in this market... and I will keep buying it!",
                    Optional.empty())));
    assertEquals(RejectReason.DUPLICATE, same.reason());
    assertTrue(same.detail().contains("similarity 1.00"), same.detail());

    var near =
        assertInstanceOf(
            Rejected.class,
            join(
                chats.submit(
                    chat,
                    "carla_bot",
                    "Gold is the only honest money left in this market, and I will keep buying it forever",
                    Optional.empty())));
    assertEquals(RejectReason.DUPLICATE, near.reason());
    assertTrue(near.detail().startsWith("repeats Alice's message"), near.detail());

    assertInstanceOf(
        Admitted.class,
        join(chats.submit(chat, "carla_bot", "Bitcoin fixes this, obviously", Optional.empty())));
  }

  @Test
  void draftsBreakingTheRulesAreRefused() {
    String chat = chatWith(LOOSE, 0);
    assertEquals(
        RejectReason.NOT_A_MEMBER,
        ((Rejected) join(chats.submit(chat, "stranger_bot", "hi all", Optional.empty()))).reason());
    assertEquals(
        RejectReason.TOO_LONG,
        ((Rejected) join(chats.submit(chat, "alice_bot", "x".repeat(4097), Optional.empty())))
            .reason());
    assertEquals(
        RejectReason.EMPTY,
        ((Rejected) join(chats.submit(chat, "alice_bot", "  ", Optional.empty()))).reason());
  }

  @Test
  void ratesNeverExceedTheLimitsDraftsWaitOrAreDropped() throws Exception {
    // One a second, and two a minute for the whole chat.
    String chat = chatWith(new ChatLimits(1, 20, 2, 100, Duration.ZERO), 0);
    var first = join(chats.submit(chat, "alice_bot", "first take on gold", Optional.empty()));
    var second = join(chats.submit(chat, "bruno_bot", "oil will outlast us all", Optional.empty()));
    var third = join(chats.submit(chat, "carla_bot", "bitcoin is for the brave", Optional.empty()));
    assertInstanceOf(Admitted.class, first);
    var waiting = assertInstanceOf(Deferred.class, second);
    assertTrue(waiting.reason().contains("a second"), waiting.reason());
    var dropped = assertInstanceOf(Rejected.class, third);
    assertEquals(RejectReason.RATE_LIMITED, dropped.reason());
    assertTrue(dropped.detail().contains("a minute"), dropped.detail());

    awaitDeliveries(chat, 2);
    var sent = transport.to(chat);
    assertEquals(
        "oil will outlast us all",
        sent.get(1).message().text(),
        "the deferred draft went once its slot came");
    assertTrue(
        Duration.between(sent.get(0).at(), sent.get(1).at()).toMillis() >= 900,
        "at most one a second");
    assertTrue(join(chats.state(chat)).pending().isEmpty(), "both outcomes journaled");
  }

  @Test
  void twoWaitingDraftsOfOneBotBothGoInTurn() throws Exception {
    // A gap of 1 s between a bot's messages: its second and third drafts wait, one after the other.
    String chat = chatWith(new ChatLimits(100, 1000, 1000, 1000, Duration.ofSeconds(1)), 0);
    assertInstanceOf(
        Admitted.class, join(chats.submit(chat, "alice_bot", "gold one", Optional.empty())));
    assertInstanceOf(
        Deferred.class,
        join(chats.submit(chat, "alice_bot", "silver two, different", Optional.empty())));
    assertInstanceOf(
        Deferred.class,
        join(chats.submit(chat, "alice_bot", "platinum three, again new", Optional.empty())));
    // Each waiting draft goes when its slot comes, not pushed behind the other's booking for ever.
    awaitDeliveries(chat, 3);
    var sent = transport.to(chat);
    assertEquals("silver two, different", sent.get(1).message().text());
    assertEquals("platinum three, again new", sent.get(2).message().text());
  }

  @Test
  void aQuestionGetsAnswersAndEveryMemberHearsIt() throws Exception {
    String chat = chatWith(LOOSE, 0);
    join(chats.receive(chat, human(7, "@bruno_bot what about gold?")));
    awaitDeliveries(chat, 2);
    var speakers = transport.to(chat).stream().map(d -> d.message().botId()).toList();
    assertEquals(
        java.util.Set.of("bruno_bot", "alice_bot"),
        java.util.Set.copyOf(speakers.subList(0, 2)),
        "the mentioned bot first, then the one whose topic it is");
    assertTrue(
        transport.to(chat).stream()
            .allMatch(d -> d.message().replyToMessageId().equals(Optional.of(7L))));
    awaitMemory("carla_bot", "Hank said: @bruno_bot what about gold?");
  }

  @Test
  void aMessageWhoseSendWasInterruptedIsRecordedAsUnknownAndNeverSentAgain() throws Exception {
    String chat = chatWith(LOOSE, 0);
    var system = node.system();
    var services =
        new ChatServices(transport, DraftService.create(system), bots, Clock.systemUTC());
    var settings = ChatCoordinatorSettings.create(system);
    transport.mode = RecordingTransport.Mode.HANG;
    try {
      // A second incarnation of the chat's coordinator, outside sharding, to stop it mid-send.
      ActorRef<ChatCoordinator.Command> first =
          system.systemActorOf(
              ChatCoordinator.create(chat, settings, services),
              "interrupted-" + chat,
              Props.empty());
      var verdict =
          ask(
              first,
              r ->
                  new ChatCoordinator.Submit(
                      "alice_bot", "this one never comes back", Optional.empty(), r));
      assertInstanceOf(Admitted.class, verdict);
      awaitDeliveries(chat, 1);
      stop(first);
      transport.mode = RecordingTransport.Mode.SEND;
      ActorRef<ChatCoordinator.Command> second =
          system.systemActorOf(
              ChatCoordinator.create(chat, settings, services), "recovered-" + chat, Props.empty());
      TestNodes.await(
          "the interrupted send was resolved", 15, () -> stateOf(second).pending().isEmpty());
      ChatState state = stateOf(second);
      assertEquals(1, transport.to(chat).size(), "and not sent again");
      assertTrue(
          state.recent().stream()
              .anyMatch(l -> l.text().equals("this one never comes back") && l.messageId() < 0),
          "it stays in the dedup window under its draft id, as it may be in the chat");
    } finally {
      transport.mode = RecordingTransport.Mode.SEND;
    }
  }

  @Test
  void aQuestionTakenInByACoordinatorThatDiedIsAnsweredByTheNextOne() throws Exception {
    String chat = chatWith(LOOSE, 0);
    var system = node.system();
    var settings = ChatCoordinatorSettings.create(system);
    var config = system.settings().config();
    // The first incarnation's bots never finish a draft: it dies with the question unanswered.
    Generator silent =
        new Generator() {
          @Override
          public java.util.concurrent.CompletionStage<io.botswarm.generation.DraftResult> draft(
              io.botswarm.generation.DraftRequest request) {
            return new java.util.concurrent.CompletableFuture<>();
          }

          @Override
          public String name() {
            return "silent";
          }
        };
    var hanging =
        new ChatServices(
            transport,
            new DraftService(
                bots,
                silent,
                io.botswarm.generation.GenerationSettings.fromConfig(config),
                io.botswarm.bot.BotSettings.create(system),
                Clock.systemUTC()),
            bots,
            Clock.systemUTC());
    ActorRef<ChatCoordinator.Command> first =
        system.systemActorOf(
            ChatCoordinator.create(chat, settings, hanging), "dying-" + chat, Props.empty());
    AskPattern.<ChatCoordinator.Command, StatusReply<ChatCoordinator.Receipt>>ask(
            first,
            r -> new ChatCoordinator.Receive(human(41, "@bruno_bot gold or bitcoin?"), r),
            Duration.ofSeconds(5),
            system.scheduler())
        .toCompletableFuture()
        .get();
    stop(first);
    assertEquals(0, transport.to(chat).size(), "nobody answered before the coordinator died");

    var services =
        new ChatServices(transport, DraftService.create(system), bots, Clock.systemUTC());
    system.systemActorOf(
        ChatCoordinator.create(chat, settings, services), "restarted-" + chat, Props.empty());
    awaitDeliveries(chat, 1);
    var answer = transport.to(chat).get(0).message();
    // The mentioned bot and the two whose topics it names (gold, bitcoin) are asked; drafts come
    // back in any order, so any of them may be first.
    assertTrue(
        java.util.Set.of("bruno_bot", "alice_bot", "carla_bot").contains(answer.botId()),
        answer.botId());
    assertEquals(Optional.of(41L), answer.replyToMessageId());
  }

  private static Verdict ask(
      ActorRef<ChatCoordinator.Command> ref,
      akka.japi.function.Function<ActorRef<StatusReply<Verdict>>, ChatCoordinator.Command> message)
      throws Exception {
    return AskPattern.<ChatCoordinator.Command, StatusReply<Verdict>>ask(
            ref, message::apply, Duration.ofSeconds(5), node.system().scheduler())
        .toCompletableFuture()
        .get()
        .getValue();
  }

  /** Stops an incarnation outside sharding and waits until it is gone. */
  private static void stop(ActorRef<ChatCoordinator.Command> incarnation) {
    var probe = TestProbe.create(node.system());
    akka.actor.typed.javadsl.Adapter.toClassic(node.system())
        .stop(akka.actor.typed.javadsl.Adapter.toClassic(incarnation));
    probe.expectTerminated(incarnation, Duration.ofSeconds(15));
  }

  private static ChatState stateOf(ActorRef<ChatCoordinator.Command> ref) throws Exception {
    return AskPattern.<ChatCoordinator.Command, StatusReply<ChatState>>ask(
            ref, ChatCoordinator.GetChat::new, Duration.ofSeconds(5), node.system().scheduler())
        .toCompletableFuture()
        .get()
        .getValue();
  }

  static void awaitDeliveries(String chat, int count) throws Exception {
    TestNodes.await(
        count + " deliveries to " + chat + " (so far " + transport.to(chat) + ")",
        15,
        () -> transport.to(chat).size() >= count);
  }

  static void awaitMemory(String botId, String content) throws Exception {
    TestNodes.await(
        botId + " remembers: " + content,
        10,
        () ->
            join(bots.profile(botId)).memories().stream()
                .anyMatch(m -> m.type() == MemoryType.CONVERSATION && m.content().equals(content)));
  }
}
