package io.botswarm.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.botswarm.admin.AdminClient;
import io.botswarm.admin.AdminOperations.PlanReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "hostile groups" mix: people post questions that mention one of the chat's bots, while the
 * groups do what real ones do, each through the sandbox's control for it (docs/telegram-groups.md):
 * forum topics with questions in them, anonymous admins, a bot kicked and added back, a bot's
 * update ids restarted, a 300 s flood on one bot, and a basic group the swarm is told about through
 * its admin API, then upgraded to a supergroup. It keeps what {@link HostileChecks} needs: the
 * questions, and when each bot could not post where.
 */
public final class HostileMix {

  /** The long flood of issue #15's benchmark. */
  static final int FLOOD_SECONDS = 300;

  /** The shortest run that holds the flood and a minute after it. */
  public static final Duration SHORTEST = Duration.ofSeconds(FLOOD_SECONDS + 60);

  /** Chats the mix needs: one for each role below, so that each hostile event has its own. */
  static final int CHATS = 6;

  private static final String ADMIN = "Dana";
  private static final long MARGIN = 2_000;

  private final HttpClient http;
  private final URI sandbox;
  private final Optional<AdminClient> admin;
  private final List<String> questions;
  private final PrintWriter out;
  private final ObjectMapper json = new ObjectMapper();

  private final Map<Long, List<String>> bots = new ConcurrentHashMap<>();
  private final Map<Long, Long> topics = new ConcurrentHashMap<>();
  private final List<Long> live = new CopyOnWriteArrayList<>();
  private final Map<Long, AtomicInteger> turns = new ConcurrentHashMap<>();
  private final List<HostileChecks.Question> asked =
      Collections.synchronizedList(new ArrayList<>());
  private final List<HostileChecks.Barred> barred = new CopyOnWriteArrayList<>();
  private final List<Long> upgradedFrom = new CopyOnWriteArrayList<>();
  private final AtomicInteger kicks = new AtomicInteger();
  private final AtomicInteger resets = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger turn = new AtomicInteger();
  private final AtomicInteger texts = new AtomicInteger();
  private final AtomicLong kickedAt = new AtomicLong();
  private volatile Optional<HostileChecks.Flood> flood = Optional.empty();

  private final long[] chats;
  private final String resetBot, kickedBot, floodedBot;
  private final List<String> basicBots;
  private final long basicGroup;

  /**
   * @param snapshot the sandbox's {@code GET /sandbox/chats}: the swarm's chats and their bots
   * @param admin the swarm's admin API, to run the basic group; without it there is no upgrade
   */
  HostileMix(
      HttpClient http,
      URI sandbox,
      JsonNode snapshot,
      Optional<AdminClient> admin,
      List<String> questions,
      PrintWriter out) {
    this.http = http;
    this.sandbox = sandbox;
    this.admin = admin;
    this.questions = questions;
    this.out = out;
    List<Long> ids = new ArrayList<>();
    for (JsonNode c : snapshot.path("chats")) {
      List<String> names = new ArrayList<>();
      c.path("bots").forEach(b -> names.add(b.path("username").asText()));
      if (names.size() < 2) continue;
      ids.add(c.path("id").asLong());
      bots.put(c.path("id").asLong(), List.copyOf(names));
    }
    if (ids.size() < CHATS)
      throw new IllegalArgumentException(
          "--mix hostile needs "
              + CHATS
              + " chats with two bots or more (one per hostile event), the sandbox has "
              + ids.size()
              + ": give --chats "
              + CHATS
              + " or more");
    chats = ids.stream().mapToLong(Long::longValue).toArray();
    live.addAll(ids);
    resetBot = bots.get(chats[0]).get(0);
    kickedBot = bots.get(chats[4]).get(0);
    floodedBot = bots.get(chats[5]).get(0);
    basicBots = List.of(bots.get(chats[1]).get(1), bots.get(chats[2]).get(1));
    basicGroup = -(4_200_000_000L + Math.floorMod(chats[0], 100_000_000L));
  }

  /** The hostile events over a run of {@code duration}, on {@code timers}: times from its start. */
  void schedule(ScheduledExecutorService timers, Duration duration) {
    at(timers, 5, "topics in two supergroups", this::createTopics);
    if (admin.isPresent())
      at(timers, 10, "a basic group the swarm is told about", this::basicGroup);
    // Each bot a hostile event concerns is asked right after it, whatever the posting rate: the
    // flooded bot meets its 429, and the others show they answer again.
    at(timers, 20, "a 300 s flood on one bot", this::flood);
    at(timers, 22, "the flooded bot asked", () -> ask(chats[5], floodedBot, 0, false));
    at(timers, 40, "a bot kicked", () -> member(kickedBot, chats[4], "kicked"));
    at(timers, 60, "a bot's update ids restarted", this::resetOffset);
    at(timers, 63, "the reset bot asked", () -> ask(chats[0], resetBot, 0, false));
    at(timers, 100, "the kicked bot added back", () -> member(kickedBot, chats[4], "member"));
    at(timers, 105, "the re-added bot asked", () -> ask(chats[4], kickedBot, 0, false));
    at(
        timers,
        20 + FLOOD_SECONDS + 5,
        "the flooded bot asked after its flood",
        () -> ask(chats[5], floodedBot, 0, false));
    if (admin.isPresent()) {
      long upgradeAt = Math.max(150, duration.toSeconds() / 2);
      at(timers, upgradeAt - 10, "the basic group quiet before its upgrade", this::quietBasic);
      at(timers, upgradeAt, "the basic group upgraded", this::upgrade);
    }
  }

  /**
   * One person's question into the next live chat, mentioning the next of its bots: in a topic
   * every other time where there is one, as an anonymous admin every other time in the fourth chat.
   */
  void post() {
    if (live.isEmpty()) return;
    long chat = live.get(Math.floorMod(turn.getAndIncrement(), live.size()));
    List<String> members = bots.get(chat);
    int n = turns.computeIfAbsent(chat, c -> new AtomicInteger()).getAndIncrement();
    long thread = topics.containsKey(chat) && n % 2 == 1 ? topics.get(chat) : 0;
    ask(
        chat,
        members.get(Math.floorMod(n, members.size())),
        thread,
        chat == chats[3] && n % 2 == 1);
  }

  /** A question to {@code bot} in {@code chat}, kept for the checks once the sandbox took it. */
  private void ask(long chat, String bot, long thread, boolean anonymous) {
    ObjectNode body = json.createObjectNode();
    body.put("from", anonymous ? "" : "Load");
    if (anonymous) body.put("as", "anonymous-admin");
    body.put(
        "text",
        "@" + bot + " " + questions.get(Math.floorMod(texts.getAndIncrement(), questions.size())));
    if (thread != 0) body.put("message_thread_id", thread);
    http.sendAsync(request("/sandbox/chats/" + chat + "/messages", body), bodies())
        .whenComplete(
            (answer, error) -> {
              if (error != null || answer.statusCode() != 200) {
                failures.incrementAndGet();
                return;
              }
              try {
                long id = json.readTree(answer.body()).path("message_id").asLong();
                asked.add(new HostileChecks.Question(chat, id, thread, bot));
              } catch (IOException malformed) {
                failures.incrementAndGet();
              }
            });
  }

  /** What the run did, for the checks. */
  HostileChecks.Schedule done() {
    List<HostileChecks.Question> questionsAsked;
    synchronized (asked) {
      questionsAsked = List.copyOf(asked);
    }
    return new HostileChecks.Schedule(
        questionsAsked,
        List.copyOf(barred),
        flood,
        kicks.get(),
        List.copyOf(upgradedFrom),
        resets.get());
  }

  /** Every bot of the swarm's chats, lower case: whose messages are answers. */
  Set<String> swarmBots() {
    Set<String> all = new HashSet<>();
    bots.values().forEach(l -> l.forEach(b -> all.add(b.toLowerCase(Locale.ROOT))));
    return all;
  }

  /** Posts the driver's control requests could not make (the sandbox refused them). */
  int failures() {
    return failures.get();
  }

  // --- the events ------------------------------------------------------------------------------

  private void createTopics() throws IOException, InterruptedException {
    for (long chat : new long[] {chats[1], chats[2]}) {
      ObjectNode body = json.createObjectNode().put("name", "Gold " + chat).put("from", ADMIN);
      topics.put(
          chat,
          control("/sandbox/chats/" + chat + "/topics", body).path("message_thread_id").asLong());
    }
  }

  /**
   * A person adds two bots to a basic group the swarm does not know (it is pending there), and the
   * operator lists it in the running swarm's definition through the admin API, as {@code swarm
   * apply} does: the swarm then runs it.
   */
  private void basicGroup() throws IOException, InterruptedException {
    for (String bot : basicBots) {
      ObjectNode body =
          json.createObjectNode()
              .put("bot", bot)
              .put("title", "Hostile Basic Group")
              .put("from", ADMIN);
      control("/sandbox/chats/" + basicGroup + "/bots", body);
    }
    YAMLMapper yaml = new YAMLMapper();
    AdminClient client = admin.orElseThrow();
    ObjectNode definition = (ObjectNode) yaml.readTree(AdminClient.await(client.export()));
    Map<String, String> idOf = new java.util.HashMap<>();
    for (JsonNode b : definition.path("bots"))
      idOf.put(b.path("username").asText().toLowerCase(Locale.ROOT), b.path("id").asText());
    ArrayNode listed = definition.withArray("chats");
    for (JsonNode c : listed)
      if (c.path("id").asLong() == basicGroup)
        throw new IllegalStateException("the swarm's definition lists " + basicGroup + " already");
    ObjectNode chat = listed.addObject();
    chat.put("id", basicGroup);
    chat.put("title", "Hostile Basic Group");
    ArrayNode members = chat.putArray("members");
    for (String bot : basicBots) {
      String id = idOf.get(bot.toLowerCase(Locale.ROOT));
      if (id == null)
        throw new IllegalStateException("the swarm's definition has no bot with username " + bot);
      members.addObject().put("bot", id);
    }
    PlanReport report =
        AdminClient.await(
            client.plan("swarm.yaml", yaml.writeValueAsString(definition), true, false));
    if (!report.applied() || !report.problems().isEmpty() || !report.failed().isEmpty())
      throw new IllegalStateException(
          "the admin API did not apply the basic group: "
              + report.problems()
              + " "
              + report.failed());
    note("the swarm runs basic group " + basicGroup + ": " + report.changes());
    bots.put(basicGroup, basicBots);
    live.add(basicGroup);
  }

  private void quietBasic() {
    live.remove(basicGroup);
  }

  private void upgrade() throws IOException, InterruptedException {
    live.remove(basicGroup);
    long to =
        control(
                "/sandbox/chats/" + basicGroup + "/upgrade",
                json.createObjectNode().put("from", ADMIN))
            .path("chat_id")
            .asLong();
    upgradedFrom.add(basicGroup);
    bots.put(to, basicBots);
    live.add(to);
    note("basic group " + basicGroup + " upgraded to " + to);
  }

  private void flood() throws IOException, InterruptedException {
    long chat = chats[5];
    ObjectNode body =
        json.createObjectNode()
            .put("bot", floodedBot)
            .put("chat_id", chat)
            .put("retry_after", FLOOD_SECONDS);
    long at = System.currentTimeMillis();
    control("/sandbox/floods", body);
    flood = Optional.of(new HostileChecks.Flood(floodedBot, chat, at, FLOOD_SECONDS));
    barred.add(
        new HostileChecks.Barred(
            floodedBot, chat, at - MARGIN, at + FLOOD_SECONDS * 1000L + MARGIN));
  }

  private void member(String bot, long chat, String status)
      throws IOException, InterruptedException {
    ObjectNode body =
        json.createObjectNode()
            .put("chat_id", chat)
            .put("bot", bot)
            .put("status", status)
            .put("from", ADMIN);
    long at = System.currentTimeMillis();
    control("/sandbox/members", body);
    if (status.equals("kicked")) {
      kickedAt.set(at);
      kicks.incrementAndGet();
    } else {
      barred.add(new HostileChecks.Barred(bot, chat, kickedAt.get() - MARGIN, at + MARGIN));
    }
  }

  /**
   * Telegram restarts a bot's update ids only when nothing is queued for it: the control refuses
   * while the bot's poller has not confirmed its last updates, so it is asked again for a while.
   */
  private void resetOffset() throws IOException, InterruptedException {
    ObjectNode body = json.createObjectNode().put("bot", resetBot).put("next_update_id", 1000);
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      HttpResponse<String> answer = http.send(request("/sandbox/updates/reset", body), bodies());
      if (answer.statusCode() == 200) {
        resets.incrementAndGet();
        return;
      }
      if (System.currentTimeMillis() > deadline)
        throw new IllegalStateException("the sandbox refused the reset: " + answer.body());
      Thread.sleep(100);
    }
  }

  // --- talking to the sandbox ------------------------------------------------------------------

  private interface Step {
    void run() throws Exception;
  }

  private void at(ScheduledExecutorService timers, long seconds, String what, Step step) {
    timers.schedule(
        () -> {
          try {
            step.run();
            note(what);
          } catch (Exception e) {
            failures.incrementAndGet();
            note(what + " FAILED: " + e.getMessage());
          }
        },
        seconds,
        TimeUnit.SECONDS);
  }

  private JsonNode control(String path, ObjectNode body) throws IOException, InterruptedException {
    HttpResponse<String> answer = http.send(request(path, body), bodies());
    if (answer.statusCode() != 200)
      throw new IOException(
          "POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
    return json.readTree(answer.body());
  }

  private HttpRequest request(String path, ObjectNode body) {
    return HttpRequest.newBuilder(sandbox.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  private static HttpResponse.BodyHandler<String> bodies() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private void note(String line) {
    synchronized (out) {
      out.println("  hostile: " + line);
      out.flush();
    }
  }
}
