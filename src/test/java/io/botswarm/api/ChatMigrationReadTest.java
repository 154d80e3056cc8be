package io.botswarm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.Persona;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatDescription;
import io.botswarm.chat.ChatSettings;
import io.botswarm.chat.ConsoleTransport;
import io.botswarm.chat.Incoming;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A basic group upgraded to a supergroup, as the read side sees it on a running node: the
 * supergroup's history goes on into the group's messages (each with its own chat id), the group's
 * own history stays, and the coordinators describe the old id as migrated and the new one as
 * running with the group's members.
 */
class ChatMigrationReadTest {

  static final String BOT = "upgrade_api_bot";
  static final StringWriter console = new StringWriter();
  static SwarmNode node;
  static String api;

  @BeforeAll
  static void start() {
    int port = TestDatabase.freePort();
    node =
        TestNodes.start(
            Map.of("botswarm.api.enabled", true, "botswarm.api.port", port),
            system -> new ConsoleTransport(new PrintWriter(console, true)));
    api = node.apiUrl().orElseThrow();
    join(
        new BotClient(node.system())
            .register(BOT, new Persona("Up Bot", "up_bot_handle", "bio", "dry", List.of("gold"))));
  }

  @AfterAll
  static void stop() {
    node.terminate();
  }

  static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  static HistoryApiTest.Answer await(String path, Predicate<HistoryApiTest.Answer> done)
      throws Exception {
    var last = new AtomicReference<HistoryApiTest.Answer>();
    TestNodes.await(
        path + " answers as expected",
        30,
        () -> {
          last.set(HistoryApiTest.get(api, path));
          return done.test(last.get());
        });
    return last.get();
  }

  static Incoming said(long id, String text) {
    return new Incoming(id, "Dana", "", text, Optional.empty(), Instant.now());
  }

  @Test
  void theSupergroupsHistoryGoesOnIntoTheGroupsMessages() throws Exception {
    long n = ThreadLocalRandom.current().nextLong(100_000_000L);
    String group = String.valueOf(-4_100_000_000L - n);
    String supergroup = String.valueOf(-1_004_100_000_000L - n);
    var chats = new ChatClient(node.system());
    var member = new ChatSettings.Member(BOT, "up_bot_handle", "Up Bot", List.of("gold"));
    join(
        chats.configure(
            group,
            new ChatSettings(
                "Swarm Lab", true, List.of(member), 0, Optional.empty(), Optional.empty())));
    join(chats.receive(group, said(1, "morning all")));
    join(chats.receive(group, said(2, "quiet today")));

    join(chats.migrate(group, supergroup));
    // The supergroup numbers its messages from 1 again: not a duplicate of the group's 1.
    assertFalse(join(chats.receive(supergroup, said(1, "we have a new home"))).duplicate());

    var history =
        await("/chats/" + supergroup + "/messages", a -> a.body().at("/messages").size() == 3);
    List<String> lines = new ArrayList<>();
    for (JsonNode m : history.body().at("/messages"))
      lines.add(m.at("/chat_id").asText() + " " + m.at("/text").asText());
    assertEquals(
        List.of(supergroup + " we have a new home", group + " quiet today", group + " morning all"),
        lines);
    var old = await("/chats/" + group + "/messages", a -> a.status() == 200);
    assertEquals(2, old.body().at("/messages").size());

    assertEquals(ChatDescription.Status.MIGRATED, join(chats.describe(group)).status());
    var continued = join(chats.describe(supergroup));
    assertEquals(ChatDescription.Status.ACTIVE, continued.status());
    assertEquals(List.of(member), continued.settings().orElseThrow().members());
    // Asked again (another bot's service message): done, nothing more.
    join(chats.migrate(group, supergroup));
  }
}
