package io.botswarm.cluster;

import static io.botswarm.testing.TestNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botswarm.telegram.BotTokens;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster as users run it, with real processes: {@code scripts/cluster up 3 -f swarm.yaml} (the
 * file {@code swarm init} writes, one bot's token referenced through an environment variable)
 * starts the embedded database, the Bot API sandbox for it and three node JVMs, node 1 applying it,
 * and the same file applied again through the admin API changes nothing; people post into every
 * chat and the bots answer; one node is SIGKILLed and the answers go on from the survivors; the
 * survivors are restarted one after the other while people post (a rolling restart); afterwards
 * every journal verifies and every message people posted was taken exactly once; {@code down}
 * leaves no process behind. Runs after the unit tests, on the packaged jar (failsafe).
 */
class ClusterScriptIT {

  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path DIR = ROOT.resolve("target/it-cluster");
  static final int SANDBOX_PORT = 18081;
  static final int BOTS = 12;
  static final int CHATS = 4;
  static final String SANDBOX = "http://127.0.0.1:" + SANDBOX_PORT;

  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();
  static boolean up;

  @BeforeAll
  static void freshDirectory() throws IOException {
    if (Files.exists(DIR))
      try (Stream<Path> files = Files.walk(DIR)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
  }

  @AfterAll
  static void downEvenAfterAFailure() throws Exception {
    if (up) cluster(120, "down");
  }

  @Test
  void upTrafficKillRollingRestartVerifyDown() throws Exception {
    // The swarm is a definition file, as a user's is: the generated one, with one bot's token
    // referenced through an environment variable that the sandbox's tokens.env sets on every node.
    Path definition = DIR.resolve("definition/swarm.yaml");
    swarm(
            120,
            "init",
            "--bots",
            "" + BOTS,
            "--chats",
            "" + CHATS,
            "--seed",
            "7",
            "-o",
            "" + definition)
        .ok();
    Matcher firstFileToken =
        Pattern.compile("(?m)^(\\s+)file: (\\w+)$").matcher(Files.readString(definition));
    assertTrue(firstFileToken.find());
    String envName = BotTokens.ENV_PREFIX + firstFileToken.group(2).toUpperCase(Locale.ROOT);
    Files.writeString(
        definition, firstFileToken.replaceFirst("$1env: " + envName), StandardCharsets.UTF_8);

    Run started = cluster(420, "up", "3", "-f", definition.toString());
    up = true;
    started.ok();
    assertTrue(started.out().contains("cluster of 3 nodes is up"), started.out());
    // Node 1 applied the file: every bot and every chat added.
    assertTrue(
        started.out().contains("applied: " + (BOTS + CHATS) + " to add, 0 to change, 0 to remove"),
        started.out());
    assertTrue(started.out().contains("tokens.env, exported to the nodes"), started.out());
    assertTrue(Files.readString(DIR.resolve("tokens.env")).startsWith("# "));
    assertTrue(Files.readString(DIR.resolve("tokens.env")).contains(envName + "="));

    // The same file through the running cluster's admin API changes nothing.
    Run again = swarm(120, "apply", "-f", definition.toString());
    again.ok();
    assertTrue(again.out().contains("no changes"), again.out());

    List<Long> chats = chatIds();
    assertEquals(CHATS, chats.size());
    Map<Long, List<Long>> posted = new HashMap<>();
    for (long chat : chats) posted.computeIfAbsent(chat, c -> new ArrayList<>()).add(post(chat));
    for (long chat : chats) awaitBotAnswer(chat, posted.get(chat).get(0), 120);

    // The node with the most chat coordinators dies with them (and with whatever else it hosts).
    int victim = nodeWithMostChats();
    cluster(30, "kill", "" + victim).ok();
    // People keep posting into every chat until each has a bot's answer again. An answer that was
    // on its way through the dead node's gateway is recorded as unknown, never sent twice.
    postUntilAnswered(chats, posted, "the kill");

    // A rolling restart of the survivors while people keep posting: each leaves gracefully (its
    // shards hand off), starts again and rejoins through the other; nothing posted is lost.
    for (int node = 1; node <= 3; node++) {
      if (node == victim) continue;
      Started restart = start(cluster("restart", "" + node));
      // A message a second, round the chats, until the restart is over.
      for (int turn = 0; !restart.process().waitFor(1, TimeUnit.SECONDS); turn++) {
        long chat = chats.get(turn % chats.size());
        posted.get(chat).add(post(chat));
      }
      restart.finish(180).ok();
    }
    postUntilAnswered(chats, posted, "the rolling restart");

    Run status = cluster(60, "status");
    status.ok();
    assertFalse(status.out().contains("node " + victim + " ("), status.out());
    assertEquals(2, status.out().split("\\): running", -1).length - 1, status.out());

    // Every survivor's read API serves every chat's history from the replica, whichever node runs
    // the chat's coordinator: the last message posted into each chat is there.
    for (int node = 1; node <= 3; node++) {
      if (node == victim) continue;
      for (long chat : chats) awaitInHistory(node, chat, last(posted.get(chat)));
    }

    // No bot token anywhere in what the nodes serve: Kamon's OkHttp instrumentation once named
    // span metrics by the Bot API URL, which holds the token (the nodes run with the agent here).
    List<String> tokens = tokens();
    for (int node = 1; node <= 3; node++) {
      if (node == victim) continue;
      String metrics = getText("http://127.0.0.1:" + (9094 + node) + "/metrics");
      assertTrue(metrics.contains("botswarm_telegram_call_seconds"), "node " + node + " metrics");
      for (String token : tokens)
        assertFalse(metrics.contains(token), "a bot token in node " + node + "'s /metrics");
    }

    Map<String, String> db = dbEnv();
    Run verify = swarm(300, "journal", "verify", "--db-url", db.get("SWARM_DB_URL"));
    verify.ok();
    assertEquals(BOTS, botIds(db).size());
    for (long chat : chats) {
      Map<Long, Integer> received = receivedCounts(db, chat);
      for (long message : posted.get(chat))
        assertEquals(1, received.getOrDefault(message, 0), "message " + message + " in " + chat);
    }

    Run down = cluster(180, "down");
    up = false;
    down.ok();
    for (int port : new int[] {2551, 2552, 2553, 8180, 8181, 8182, SANDBOX_PORT, 54340, 54341})
      assertFalse(listening(port), "nothing listens on " + port + " after down");
    try (Stream<Path> pids = Files.list(DIR)) {
      assertEquals(List.of(), pids.filter(p -> p.toString().endsWith(".pid")).toList());
    }
  }

  // --- the cluster's chats, through the sandbox
  // ---------------------------------------------------

  static List<Long> chatIds() throws Exception {
    List<Long> ids = new ArrayList<>();
    for (JsonNode c : get(SANDBOX + "/sandbox/chats").path("chats")) ids.add(c.path("id").asLong());
    return ids;
  }

  static long post(long chat) throws Exception {
    String body =
        json.createObjectNode()
            .put("from", "Sam")
            .put("text", "What is everyone buying this week, and why? (" + System.nanoTime() + ")")
            .toString();
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(SANDBOX + "/sandbox/chats/" + chat + "/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    return json.readTree(answer.body()).path("message_id").asLong();
  }

  /** The bots' tokens, from the tokens file and the environment file the sandbox wrote. */
  static List<String> tokens() throws IOException {
    List<String> tokens = new ArrayList<>();
    for (String file : List.of("tokens.properties", "tokens.env"))
      for (String line : Files.readAllLines(DIR.resolve(file)))
        if (!line.startsWith("#") && line.contains("="))
          tokens.add(line.substring(line.indexOf('=') + 1).trim());
    assertEquals(BOTS, tokens.size());
    return tokens;
  }

  static long last(List<Long> ids) {
    return ids.get(ids.size() - 1);
  }

  static void awaitInHistory(int node, long chat, long message) throws Exception {
    String url = "http://127.0.0.1:" + (8179 + node) + "/chats/" + chat + "/messages";
    await(
        "message " + message + " in " + url,
        60,
        () -> {
          JsonNode history = get(url);
          assertTrue(
              history.path("messages").findValues("telegram_message_id").stream()
                  .anyMatch(id -> id.asLong() == message),
              history::toString);
        });
  }

  /**
   * People post into every chat that has no bot's answer to a message posted from now on, every ten
   * seconds, until each has one; a chat counts as answered as soon as its answer is there.
   */
  static void postUntilAnswered(List<Long> chats, Map<Long, List<Long>> posted, String after)
      throws Exception {
    Map<Long, Long> from = new HashMap<>();
    List<Long> waiting = new ArrayList<>(chats);
    long[] postedAt = {0};
    await(
        "a bot answers in every chat after " + after,
        150,
        () -> {
          waiting.removeIf(chat -> from.containsKey(chat) && answeredAfter(chat, from.get(chat)));
          if (!waiting.isEmpty()
              && (postedAt[0] == 0
                  || System.nanoTime() - postedAt[0] > TimeUnit.SECONDS.toNanos(10))) {
            for (long chat : waiting) {
              long id = post(chat);
              posted.get(chat).add(id);
              from.putIfAbsent(chat, id);
            }
            postedAt[0] = System.nanoTime();
          }
          assertEquals(List.of(), waiting, "chats without an answer");
        });
  }

  /** Waits for a bot's message in the chat after the person's. */
  static void awaitBotAnswer(long chat, long after, long seconds) throws Exception {
    await(
        "a bot answers in chat " + chat + " after message " + after,
        seconds,
        () -> answeredAfter(chat, after));
  }

  static boolean answeredAfter(long chat, long after) {
    try {
      for (JsonNode c : get(SANDBOX + "/sandbox/chats").path("chats"))
        if (c.path("id").asLong() == chat)
          for (JsonNode m : c.path("messages"))
            if (m.path("from").path("is_bot").asBoolean() && m.path("message_id").asLong() > after)
              return true;
      return false;
    } catch (Exception e) {
      throw new IllegalStateException("the sandbox does not answer", e);
    }
  }

  static int nodeWithMostChats() throws Exception {
    int best = 0, most = -1;
    for (int i = 1; i <= 3; i++) {
      String shards = getText("http://127.0.0.1:" + (8557 + i) + "/cluster/shards/Chat");
      int chats = shards.split("\"shardId\"", -1).length - 1;
      if (chats > most) {
        most = chats;
        best = i;
      }
    }
    return best;
  }

  // --- the journal, through the product's own tool
  // ------------------------------------------------

  static Map<String, String> dbEnv() throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(DIR.resolve("db.env"))) {
      int eq = line.indexOf('=');
      if (eq > 0) env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
    }
    return env;
  }

  static List<String> botIds(Map<String, String> db) throws Exception {
    Run list = swarm(120, "journal", "list", "--type", "Bot", "--db-url", db.get("SWARM_DB_URL"));
    list.ok();
    return list.out()
        .lines()
        .filter(l -> l.contains("Bot|"))
        .map(l -> l.trim().split("\\s+")[0])
        .toList();
  }

  /** How often the chat's coordinator journaled each incoming message. */
  static Map<Long, Integer> receivedCounts(Map<String, String> db, long chat) throws Exception {
    Run events =
        swarm(120, "journal", "show", "Chat|" + chat, "--json", "--db-url", db.get("SWARM_DB_URL"));
    events.ok();
    Map<Long, Integer> counts = new HashMap<>();
    for (String line : events.out().lines().filter(l -> l.startsWith("{")).toList()) {
      JsonNode e = json.readTree(line);
      if (e.path("type").asText().endsWith("MessageReceived"))
        counts.merge(e.path("event").path("messageId").asLong(), 1, Integer::sum);
    }
    return counts;
  }

  // --- processes
  // ----------------------------------------------------------------------------------

  record Run(int exit, String out) {
    void ok() {
      assertEquals(0, exit, out);
    }
  }

  static Run cluster(long seconds, String... args) throws Exception {
    return start(cluster(args)).finish(seconds);
  }

  static List<String> cluster(String... args) {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts/cluster").toString()));
    command.addAll(List.of(args));
    return command;
  }

  static Run swarm(long seconds, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts/swarm").toString()));
    command.addAll(List.of(args));
    return start(command).finish(seconds);
  }

  /** A command running, its output going to a file. */
  record Started(List<String> command, Process process, Path output) {
    Run finish(long seconds) throws Exception {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command) + " did not finish in " + seconds + " s:\n" + read(output));
      }
      return new Run(process.exitValue(), read(output));
    }
  }

  static Started start(List<String> command) throws IOException {
    Path output = Files.createTempFile("cluster-it", ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("SWARM_CLUSTER_DIR", DIR.toString());
    builder.environment().put("SWARM_SANDBOX_PORT", "" + SANDBOX_PORT);
    // What `up` printed to use the admin API: the token it generated, node 1's address.
    Path adminToken = DIR.resolve("admin-token");
    if (Files.exists(adminToken)) {
      builder.environment().put("SWARM_ADMIN_TOKEN", Files.readString(adminToken).strip());
      builder.environment().put("SWARM_ADMIN_URL", "http://127.0.0.1:8190");
    }
    // Five JVMs share this machine: small heaps, quick to start.
    builder.environment().put("SWARM_JAVA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1");
    return new Started(command, builder.start(), output);
  }

  static String read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Files.deleteIfExists(file);
    return text;
  }

  static JsonNode get(String url) throws Exception {
    return json.readTree(getText(url));
  }

  static String getText(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static boolean listening(int port) {
    try (Socket connected = new Socket("127.0.0.1", port)) {
      return connected.isConnected();
    } catch (IOException refused) {
      return false;
    }
  }
}
