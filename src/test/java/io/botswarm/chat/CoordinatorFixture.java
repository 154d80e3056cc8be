package io.botswarm.chat;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.botswarm.chat.ChatCoordinator.Command;
import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatCoordinator.State;
import io.botswarm.chat.ChatSettings.Member;
import io.botswarm.generation.ChatLine;
import io.botswarm.generation.DraftResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the coordinator's behaviour tests share: a testkit on Akka's {@link ManualTime} beside the
 * persistence testkit, the two members, and scripted bots.
 */
final class CoordinatorFixture {

  static final Member ANNA = new Member("anna_bot", "anna_bot", "Anna", List.of("gold"));
  static final Member BORIS = new Member("boris_bot", "boris_bot", "Boris", List.of("oil"));

  private CoordinatorFixture() {}

  /**
   * A local testkit whose timers run on manual time, {@code extra} over the test configuration. The
   * in-memory journal's circuit breaker and recovery timeout are timers too: with the default 10 s,
   * a test moving time by minutes while a write is in flight (a starter's draft admitted during the
   * same {@code timePasses}) would fail the write and stop the entity.
   */
  static ActorTestKit manualTimeTestKit(String extra) {
    return ActorTestKit.create(ManualTime.config().withFallback(config(extra)));
  }

  /** A local testkit on real time, for tests whose asks must time out. */
  static ActorTestKit testKit() {
    return ActorTestKit.create(config(""));
  }

  private static Config config(String extra) {
    return EventSourcedBehaviorTestKit.config()
        .withFallback(
            ConfigFactory.parseString(
                "akka.actor.provider = local\n"
                    + "akka.persistence.testkit.journal.circuit-breaker.call-timeout = 1d\n"
                    + "akka.persistence.testkit.journal.recovery-event-timeout = 1d\n"
                    + extra))
        .withFallback(ConfigFactory.load("application-test.conf"));
  }

  static ChatCoordinatorSettings settings(ActorTestKit testKit, String overrides) {
    return ChatCoordinatorSettings.fromConfig(
        ConfigFactory.parseString(overrides)
            .withFallback(testKit.system().settings().config().getConfig("botswarm.chat")));
  }

  /** A coordinator of {@code chatId} under the persistence testkit, with these collaborators. */
  static EventSourcedBehaviorTestKit<Command, Event, State> coordinator(
      ActorTestKit testKit,
      String chatId,
      ChatCoordinatorSettings settings,
      ChatTransport transport,
      Bots bots,
      Clock clock) {
    return EventSourcedBehaviorTestKit.create(
        testKit.system(),
        ChatCoordinator.create(
            chatId, settings, new ChatServices(transport, bots.drafting(), bots.hearing(), clock)));
  }

  /**
   * Configures {@code chat} as Anna's and Boris's, with limits no test reaches; starters, if the
   * chat wants one, go to {@code starterThreadId}.
   */
  static void configure(
      EventSourcedBehaviorTestKit<Command, Event, State> chat,
      double activity,
      long starterThreadId) {
    chat.<StatusReply<ChatState>>runCommand(
        r ->
            new ChatCoordinator.Configure(
                new ChatSettings(
                    "Swarm Lab",
                    true,
                    List.of(ANNA, BORIS),
                    activity,
                    Optional.empty(),
                    Optional.of(new ChatLimits(100, 1000, 1000, 1000, Duration.ZERO)),
                    true,
                    starterThreadId),
                r));
  }

  static CompletionStage<DraftResult> draft(String text) {
    return CompletableFuture.completedFuture(
        new DraftResult.Draft(text, "offline", Duration.ZERO, List.of()));
  }

  /**
   * The chat's bots as the test scripts them: what they heard, who was asked for a draft (and for
   * which chat), and the answers to the next requests, in order; none left, the bot never answers.
   */
  static final class Bots {
    final List<String> heard = new CopyOnWriteArrayList<>();
    final List<String> asked = new CopyOnWriteArrayList<>();
    final List<String> draftedFor = new CopyOnWriteArrayList<>();

    /** The conversation each request carried as its context, in the order of {@link #asked}. */
    final List<List<ChatLine>> contexts = new CopyOnWriteArrayList<>();

    final Queue<CompletionStage<DraftResult>> drafts = new ConcurrentLinkedQueue<>();
    private final boolean starters;

    /** {@code starters}: whether requests for conversation starters count and are answered. */
    Bots(boolean starters) {
      this.starters = starters;
    }

    Drafting drafting() {
      return (botId, chatId, history, replyTo) -> {
        if (!starters && replyTo.isEmpty()) return new CompletableFuture<>();
        contexts.add(history);
        asked.add(botId);
        draftedFor.add(chatId);
        var next = drafts.poll();
        return next != null ? next : new CompletableFuture<>();
      };
    }

    Hearing hearing() {
      return (botId, speaker, text, own) -> {
        heard.add(botId + " heard " + speaker + ": " + text);
        return CompletableFuture.completedFuture(Done.done());
      };
    }
  }
}
