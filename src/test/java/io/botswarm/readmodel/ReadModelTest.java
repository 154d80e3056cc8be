package io.botswarm.readmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.bot.BotClient;
import io.botswarm.bot.BotSpec;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.Mood;
import io.botswarm.bot.Persona;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatSettings;
import io.botswarm.chat.ConsoleTransport;
import io.botswarm.chat.Incoming;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.testing.TestNodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events become rows: the projections fill the report's tables from the journal, exactly once. */
class ReadModelTest {

  static SwarmNode node;

  @BeforeAll
  static void start() {
    node =
        TestNodes.start(
            Map.of(), system -> new ConsoleTransport(new PrintWriter(new StringWriter())));
  }

  @AfterAll
  static void stop() {
    node.terminate();
  }

  static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  static long count(String sql, Object... args) {
    return node.databases()
        .read(
            c -> {
              try (var st = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) st.setObject(i + 1, args[i]);
                var rs = st.executeQuery();
                rs.next();
                return rs.getLong(1);
              }
            });
  }

  static void eventually(String what, long expected, String sql, Object... args) throws Exception {
    TestNodes.await(what, 30, () -> assertEquals(expected, count(sql, args), what));
  }

  @Test
  void botEventsBecomeRowsOfBotsStancesHoldingsAndMemories() throws Exception {
    var bots = new BotClient(node.system());
    String id = "projected_bot";
    join(bots.register(id, new Persona("Projected", id, "bio", "dry", List.of("gold"))));
    join(bots.takeStance(id, "gold", 0.4, 0.7, "hedge"));
    join(bots.takeStance(id, "gold", 0.6, 0.8, "more hedge"));
    join(bots.trade(id, "GLD", new BigDecimal("3"), new BigDecimal("200")));
    join(bots.trade(id, "BTC", new BigDecimal("1"), new BigDecimal("60000")));
    join(bots.trade(id, "BTC", new BigDecimal("-1"), new BigDecimal("61000")));
    long memory = join(bots.remember(id, MemoryType.FACT, "gold glitters", 0.9)).memoryId();
    join(bots.feel(id, Mood.JOYFUL, 0.8, "sunny"));

    eventually(
        "the bot's row", 1, "SELECT count(*) FROM bots WHERE id = ? AND mood = 'JOYFUL'", id);
    eventually(
        "one stance, updated in place",
        1,
        "SELECT count(*) FROM bot_stances WHERE bot_id = ? AND position = 0.6",
        id);
    eventually(
        "the sold holding is gone", 1, "SELECT count(*) FROM bot_holdings WHERE bot_id = ?", id);
    eventually(
        "the memory",
        1,
        "SELECT count(*) FROM bot_memories WHERE bot_id = ? AND memory_id = ?",
        id,
        memory);
  }

  static BotSpec declared(String id, String bio, String language, Map<String, Double> stances) {
    var s = new java.util.TreeMap<String, BotSpec.StanceSpec>();
    stances.forEach((topic, position) -> s.put(topic, new BotSpec.StanceSpec(position, 0.5)));
    return new BotSpec(
        new Persona(
            "Declared", id, bio, List.of(), "dry", List.of(), List.of("gold"), language, List.of()),
        true,
        "env:DECLARED_TOKEN",
        Mood.CALM,
        0.5,
        s,
        Map.of("GLD", new BotSpec.HoldingSpec(new BigDecimal("2"), new BigDecimal("180"))),
        List.of(new BotSpec.MemorySpec(MemoryType.FACT, "declared to remember", 0.8)));
  }

  @Test
  void appliedSpecsAndRemovalsBecomeRows() throws Exception {
    var bots = new BotClient(node.system());
    String id = "declared_row_bot";
    join(bots.applySpec(id, declared(id, "first", "en", Map.of("gold", 0.3, "oil", -0.2)), false));
    eventually(
        "the declared bot",
        1,
        "SELECT count(*) FROM bots WHERE id = ? AND token_ref = 'env:DECLARED_TOKEN' AND mood = 'CALM'",
        id);
    eventually("its stances", 2, "SELECT count(*) FROM bot_stances WHERE bot_id = ?", id);
    eventually("its holding", 1, "SELECT count(*) FROM bot_holdings WHERE bot_id = ?", id);
    eventually("its seed", 1, "SELECT count(*) FROM bot_memories WHERE bot_id = ?", id);

    join(bots.applySpec(id, declared(id, "second", "de", Map.of("gold", 0.3)), false));
    eventually(
        "the new persona",
        1,
        "SELECT count(*) FROM bots WHERE id = ? AND bio = 'second' AND language = 'de'",
        id);
    eventually("the withdrawn stance", 1, "SELECT count(*) FROM bot_stances WHERE bot_id = ?", id);

    join(bots.remove(id));
    eventually(
        "the removed bot",
        1,
        "SELECT count(*) FROM bots WHERE id = ? AND removed AND NOT enabled",
        id);
    eventually("no memories", 0, "SELECT count(*) FROM bot_memories WHERE bot_id = ?", id);
    eventually("no holdings", 0, "SELECT count(*) FROM bot_holdings WHERE bot_id = ?", id);

    join(bots.applySpec(id, declared(id, "third", "en", Map.of()), false));
    eventually(
        "the bot back",
        1,
        "SELECT count(*) FROM bots WHERE id = ? AND NOT removed AND enabled AND bio = 'third'",
        id);
    eventually("its seed again", 1, "SELECT count(*) FROM bot_memories WHERE bot_id = ?", id);
  }

  @Test
  void chatEventsBecomeChatsAndMessagesAndOffsetsAreStored() throws Exception {
    var chats = new ChatClient(node.system());
    String chat = "-100555000111";
    join(
        chats.configure(
            chat,
            new ChatSettings(
                "Projected chat", true, List.of(), 0, Optional.empty(), Optional.empty())));
    join(
        chats.receive(
            chat, new Incoming(11, "Hank", "", "first words", Optional.empty(), Instant.now())));
    join(
        chats.receive(
            chat, new Incoming(12, "Hank", "", "second words", Optional.of(11L), Instant.now())));
    join(
        chats.receive(
            chat, new Incoming(12, "Hank", "", "second words", Optional.of(11L), Instant.now())));

    eventually(
        "the chat",
        1,
        "SELECT count(*) FROM chats WHERE id = ? AND title = 'Projected chat'",
        chat);
    eventually("each message once", 2, "SELECT count(*) FROM messages WHERE chat_id = ?", chat);
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM messages WHERE chat_id = ? AND reply_to_message_id = 11", chat));
    assertTrue(
        count(
                "SELECT count(*) FROM akka_projection_offset_store WHERE projection_name = 'read-model-chats'")
            >= 1,
        "the projection's offset is stored with its rows");
  }
}
