package io.botswarm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import com.typesafe.config.ConfigFactory;
import io.botswarm.chat.ChatCoordinator.ChatConfigured;
import io.botswarm.chat.ChatCoordinator.ChatDiscovered;
import io.botswarm.chat.ChatCoordinator.ChatRemoved;
import io.botswarm.chat.ChatCoordinator.ChatSettingsChanged;
import io.botswarm.chat.ChatCoordinator.Command;
import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatCoordinator.MemberAdded;
import io.botswarm.chat.ChatCoordinator.MemberChanged;
import io.botswarm.chat.ChatCoordinator.MemberRemoved;
import io.botswarm.chat.ChatCoordinator.State;
import io.botswarm.chat.ChatSettings.Member;
import io.botswarm.chat.Verdict.Rejected;
import io.botswarm.testing.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A chat's lifecycle and the operator's changes, on the in-memory journal; every command, event,
 * state and reply is also serialized. No bot is asked for a draft here (the clock stands still, so
 * no chat is idle, and no person's message is taken in), so the coordinator runs without bots.
 */
class ChatLifecycleTest {

  static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
              .withFallback(ConfigFactory.load("application-test.conf")));

  static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
  static final Member ANNA = new Member("anna_bot", "anna_bot", "Anna", List.of("gold"));
  static final Member BORIS = new Member("boris_bot", "boris_bot", "Boris", List.of("oil"));
  static final ChatSettings SETTINGS =
      new ChatSettings(
          "Market Talk", true, List.of(ANNA, BORIS), 0.5, Optional.empty(), Optional.empty(), true);

  /** Hangs every send: a message sent would be told to the member bots, and there are none. */
  final RecordingTransport transport = new RecordingTransport();

  EventSourcedBehaviorTestKit<Command, Event, State> chat;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    var settings =
        ChatCoordinatorSettings.fromConfig(
            testKit.system().settings().config().getConfig("botswarm.chat"));
    Drafting noDrafts =
        (botId, chat, history, replyTo) ->
            CompletableFuture.failedFuture(new AssertionError("no draft is asked for here"));
    Hearing deaf = (botId, speaker, text, own) -> CompletableFuture.completedFuture(Done.done());
    var services = new ChatServices(transport, noDrafts, deaf, new ManualClock(T0));
    transport.mode = RecordingTransport.Mode.HANG;
    chat =
        EventSourcedBehaviorTestKit.create(
            testKit.system(), ChatCoordinator.create("-100777", settings, services));
  }

  CommandResultWithReply<Command, Event, State, StatusReply<SettingsApplied>> apply(
      ChatSettings settings, boolean dryRun) {
    return chat.runCommand(r -> new ChatCoordinator.ApplySettings(settings, dryRun, r));
  }

  ChatDescription describe() {
    return chat.<StatusReply<ChatDescription>>runCommand(ChatCoordinator.Describe::new)
        .reply()
        .getValue();
  }

  <R> String refusal(Function<ActorRef<StatusReply<R>>, Command> command) {
    var reply = chat.runCommand(command).reply();
    assertTrue(reply.isError(), () -> "expected a refusal, got " + reply);
    return reply.getError().getMessage();
  }

  static Incoming hello(long id) {
    return new Incoming(id, "Sam", "", "hello there", Optional.empty(), T0);
  }

  @Test
  void aFirstApplyConfiguresTheChatAndASecondJournalsNothing() {
    var first = apply(SETTINGS, false);
    var configured = assertInstanceOf(ChatConfigured.class, first.event());
    assertTrue(configured.settings().limits().isPresent(), "default limits filled in");
    assertEquals(List.of(configured), first.reply().getValue().changes());
    var again = apply(SETTINGS, false);
    assertTrue(again.hasNoEvents());
    assertEquals(List.of(), again.reply().getValue().changes());
    assertEquals(ChatDescription.Status.ACTIVE, describe().status());
  }

  @Test
  void aDryRunAnswersTheChangesAndJournalsNothing() {
    apply(SETTINGS, false);
    var renamed =
        new ChatSettings(
            "Renamed", true, List.of(ANNA), 0.5, Optional.empty(), Optional.empty(), false);
    var dry = apply(renamed, true);
    assertTrue(dry.hasNoEvents());
    var changes = dry.reply().getValue().changes();
    assertEquals(2, changes.size(), changes.toString());
    assertInstanceOf(ChatSettingsChanged.class, changes.get(0));
    assertEquals(new MemberRemoved("-100777", BORIS, T0), changes.get(1));
    assertEquals("Market Talk", describe().settings().orElseThrow().title(), "nothing applied");

    var real = apply(renamed, false);
    assertEquals(changes, real.events());
    var after = describe().settings().orElseThrow();
    assertEquals("Renamed", after.title());
    assertEquals(false, after.starters());
    assertEquals(List.of(ANNA), after.members());
  }

  @Test
  void aRemovedMemberGetsNoMoreTurnsAndAnAddedOneDoes() {
    apply(SETTINGS, false);
    var borisOnSilver = new Member("boris_bot", "boris_bot", "Boris", List.of("silver"));
    var carla = new Member("carla_bot", "carla_bot", "Carla", List.of("bitcoin"));
    var changed =
        apply(
            new ChatSettings(
                "Market Talk",
                true,
                List.of(borisOnSilver, carla),
                0.5,
                Optional.empty(),
                Optional.empty(),
                true),
            false);
    assertEquals(
        List.of(
            new MemberRemoved("-100777", ANNA, T0),
            new MemberChanged("-100777", BORIS, borisOnSilver, T0),
            new MemberAdded("-100777", carla, T0)),
        changed.events());
    var anna =
        chat.<StatusReply<Verdict>>runCommand(
            r -> new ChatCoordinator.Submit("anna_bot", "gold!", Optional.empty(), r));
    assertEquals(
        RejectReason.NOT_A_MEMBER,
        assertInstanceOf(Rejected.class, anna.reply().getValue()).reason());
    var carlaSays =
        chat.<StatusReply<Verdict>>runCommand(
            r -> new ChatCoordinator.Submit("carla_bot", "bitcoin!", Optional.empty(), r));
    assertInstanceOf(Verdict.Admitted.class, carlaSays.reply().getValue());
  }

  @Test
  void aDiscoveredChatIsPendingAndSilentUntilSettingsAreApplied() {
    var discovered =
        chat.<StatusReply<ChatDescription>>runCommand(
            r -> new ChatCoordinator.Discover("Side Room", "anna_bot", r));
    assertEquals(new ChatDiscovered("-100777", "Side Room", "anna_bot", T0), discovered.event());
    var pending = discovered.reply().getValue();
    assertEquals(ChatDescription.Status.PENDING, pending.status());
    assertEquals("Side Room", pending.pendingTitle());
    assertEquals(List.of("anna_bot"), pending.discoveredBy());
    assertTrue(
        chat.<StatusReply<ChatDescription>>runCommand(
                r -> new ChatCoordinator.Discover("Side Room", "anna_bot", r))
            .hasNoEvents(),
        "the same bot again changes nothing");

    assertTrue(
        this.<ChatCoordinator.Receipt>refusal(r -> new ChatCoordinator.Receive(hello(5), r))
            .contains("is pending"));
    assertTrue(
        this.<Verdict>refusal(
                r -> new ChatCoordinator.Submit("anna_bot", "hi", Optional.empty(), r))
            .contains("is pending"));

    assertInstanceOf(ChatConfigured.class, apply(SETTINGS, false).event());
    assertEquals(ChatDescription.Status.ACTIVE, describe().status());
    var ignored =
        chat.<StatusReply<ChatDescription>>runCommand(
            r -> new ChatCoordinator.Discover("Side Room", "boris_bot", r));
    assertTrue(ignored.hasNoEvents(), "a chat the swarm runs ignores a discovery");
    assertEquals(ChatDescription.Status.ACTIVE, ignored.reply().getValue().status());
  }

  @Test
  void aRemovedChatTakesNoMessagesAndComesBackWhenApplied() {
    apply(SETTINGS, false);
    var removed = chat.<StatusReply<SettingsApplied>>runCommand(ChatCoordinator.Remove::new);
    assertEquals(new ChatRemoved("-100777", T0), removed.event());
    assertEquals(ChatDescription.Status.REMOVED, describe().status());
    assertTrue(
        chat.<StatusReply<SettingsApplied>>runCommand(ChatCoordinator.Remove::new).hasNoEvents());
    assertTrue(
        this.<ChatCoordinator.Receipt>refusal(r -> new ChatCoordinator.Receive(hello(6), r))
            .contains("was removed"));
    assertInstanceOf(ChatConfigured.class, apply(SETTINGS, false).event());
    chat.restart();
    assertEquals(ChatDescription.Status.ACTIVE, describe().status(), "after replay too");
  }

  @Test
  void settingsThatCannotBeUsedAreRefusedWithAReason() {
    var bad =
        new ChatSettings(
            "Market Talk", true, List.of(ANNA), 1.5, Optional.empty(), Optional.empty(), true);
    var result = apply(bad, false);
    assertTrue(result.hasNoEvents());
    assertEquals("activity 1.5 is not in [0, 1]", result.reply().getError().getMessage());
    assertEquals(ChatDescription.Status.UNKNOWN, describe().status());
  }
}
