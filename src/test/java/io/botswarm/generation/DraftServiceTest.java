package io.botswarm.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.bot.BotClient;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.Mood;
import io.botswarm.bot.Persona;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.generation.DraftResult.Draft;
import io.botswarm.generation.DraftResult.Refusal;
import io.botswarm.testing.TestNodes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bot asked for a message on a running node: what bears on the chat goes in, memories are
 * touched.
 */
class DraftServiceTest {

  static SwarmNode node;
  static BotClient bots;
  static DraftService drafts;

  @BeforeAll
  static void start() {
    node = TestNodes.start(Map.of());
    bots = new BotClient(node.system());
    drafts = DraftService.create(node.system());
  }

  @AfterAll
  static void stop() {
    node.terminate();
  }

  static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void aReplyIsWrittenFromWhatBearsOnTheMessageAndUsesMemoriesAreTouched() {
    String id = "drafter_bot";
    join(
        bots.register(
            id, new Persona("Drafter", id, "writes", "formal and measured", List.of("gold"))));
    join(bots.takeStance(id, "gold", 0.8, 0.9, "inflation hedge"));
    join(bots.takeStance(id, "nfts", -0.9, 0.9, "jpegs"));
    join(bots.trade(id, "GLD", new BigDecimal("10"), new BigDecimal("230")));
    join(bots.feel(id, Mood.CALM, 0.6, "coffee"));
    long goldMemory =
        join(bots.remember(id, MemoryType.FACT, "gold kept its value in 2008", 0.8)).memoryId();
    join(bots.remember(id, MemoryType.OBSERVATION, "the office plant needs water", 0.1));
    Instant before = join(bots.profile(id)).memories().get(0).lastAccessed();

    var question = new ChatLine(5, "Eve", "", "Is gold still worth holding?", Instant.now());
    var request =
        drafts.requestFor(
            join(bots.profile(id)), List.of(question), Optional.of(question), Instant.now());
    assertEquals(
        List.of("gold"),
        request.stances().stream().map(s -> s.topic()).toList(),
        "only the stance the chat mentions");
    assertEquals(goldMemory, request.memories().get(0).id(), "the relevant memory comes first");

    Draft draft =
        assertInstanceOf(
            Draft.class, join(drafts.draft(id, List.of(question), Optional.of(question))));
    assertEquals("offline", draft.source());
    assertTrue(draft.text().contains("Eve") && draft.text().contains("gold"), draft.text());
    var touched =
        join(bots.profile(id)).memories().stream()
            .filter(m -> m.id() == goldMemory)
            .findFirst()
            .orElseThrow();
    assertTrue(touched.lastAccessed().isAfter(before), "the memory used was marked as accessed");
  }

  @Test
  void aDraftForAChatTellsTheGeneratorWhichChatItIsForSoThatItsBudgetCountsIt() {
    String id = "chatty_bot";
    join(bots.register(id, new Persona("Chatty", id, "", "", List.of())));
    var asked = new java.util.concurrent.CopyOnWriteArrayList<DraftRequest>();
    var offline = new OfflineGenerator(42);
    Generator capturing =
        new Generator() {
          @Override
          public java.util.concurrent.CompletionStage<DraftResult> draft(DraftRequest request) {
            asked.add(request);
            return offline.draft(request);
          }

          @Override
          public String name() {
            return "capturing";
          }
        };
    var service =
        new DraftService(
            bots,
            capturing,
            GenerationSettings.fromConfig(node.system().settings().config()),
            io.botswarm.bot.BotSettings.create(node.system()),
            java.time.Clock.systemUTC());
    join(service.draft(id, "-100", List.of(), Optional.empty()));
    join(service.draft(id, List.of(), Optional.empty()));
    assertEquals(
        List.of(Optional.of("-100"), Optional.empty()),
        asked.stream().map(DraftRequest::chatId).toList());
  }

  @Test
  void aDisabledBotStaysSilent() {
    String id = "quiet_bot";
    join(bots.register(id, new Persona("Quiet", id, "", "", List.of())));
    join(bots.setEnabled(id, false));
    var result = join(drafts.draft(id, List.of(), Optional.empty()));
    assertEquals(new Refusal("bot quiet_bot is disabled"), result);
  }
}
