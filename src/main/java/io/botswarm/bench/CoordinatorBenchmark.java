package io.botswarm.bench;

import io.botswarm.bot.BotClient;
import io.botswarm.bot.PersonaGenerator;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatSettings;
import io.botswarm.chat.ChatTransport;
import io.botswarm.chat.Verdict;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.latency.Latencies;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code scripts/bench coordinator}: decisions per second of the chat coordinators, and the latency
 * of one decision (a draft submitted until its verdict: admitted, deferred or rejected), with many
 * chats of many bots, all drafting at once. Admitted messages go to a transport that acknowledges
 * at once, and every member bot hears each of them, as in the swarm.
 */
public final class CoordinatorBenchmark {

  public record Options(int chats, int botsPerChat, int bots, int draftsPerChat) {}

  /** A chat that takes every message at once. */
  public static final class AcknowledgingTransport implements ChatTransport {
    private final AtomicLong ids = new AtomicLong();

    @Override
    public CompletionStage<Outcome> send(Outgoing message) {
      return CompletableFuture.completedFuture(new Sent(ids.incrementAndGet()));
    }
  }

  private final SwarmNode node;
  private final Options options;
  private final PrintWriter out;

  public CoordinatorBenchmark(SwarmNode node, Options options, PrintWriter out) {
    this.node = node;
    this.options = options;
    this.out = out;
  }

  public void run() {
    var bots = new BotClient(node.system());
    var chats = new ChatClient(node.system());
    String run = Long.toString(System.currentTimeMillis(), 36);
    var generator = new PersonaGenerator(11);
    List<String> botIds = new ArrayList<>();
    List<CompletableFuture<?>> setup = new ArrayList<>();
    for (int i = 0; i < options.bots(); i++) {
      var b = generator.blueprint(i);
      String id = "cb" + run + "_" + i;
      botIds.add(id);
      setup.add(
          bots.register(
                  id,
                  new io.botswarm.bot.Persona(
                      b.persona().name(),
                      id,
                      "",
                      b.persona().speakingStyle(),
                      b.persona().interests()))
              .toCompletableFuture());
    }
    CompletableFuture.allOf(setup.toArray(CompletableFuture[]::new)).join();
    setup.clear();
    List<String> chatIds = new ArrayList<>();
    List<List<ChatSettings.Member>> memberLists = new ArrayList<>();
    for (int c = 0; c < options.chats(); c++) {
      List<ChatSettings.Member> members = new ArrayList<>();
      for (int j = 0; j < options.botsPerChat(); j++) {
        String id = botIds.get((c * 7 + j * 13) % botIds.size());
        if (members.stream().noneMatch(m -> m.botId().equals(id)))
          members.add(new ChatSettings.Member(id, id, id, List.of()));
      }
      String chatId = "-42" + Math.floorMod(run.hashCode(), 1000) + "0" + c;
      chatIds.add(chatId);
      memberLists.add(members);
      setup.add(
          chats
              .configure(
                  chatId,
                  new ChatSettings(
                      "Bench " + c, true, members, 0, Optional.empty(), Optional.empty()))
              .toCompletableFuture());
      // Chats start in waves: each is a recovery, a remembered-entity write and an event.
      if (setup.size() == 100) {
        CompletableFuture.allOf(setup.toArray(CompletableFuture[]::new)).join();
        setup.clear();
      }
    }
    CompletableFuture.allOf(setup.toArray(CompletableFuture[]::new)).join();
    out.printf(
        "# coordinator benchmark%n%n- %,d chats x %d bots (%d distinct bots), %d drafts per chat, default limits%n"
            + "- machine: %d cores, JVM max heap %d MiB%n%n",
        options.chats(),
        options.botsPerChat(),
        options.bots(),
        options.draftsPerChat(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    out.flush();

    var latencies = new Latencies();
    var verdicts = new ConcurrentLinkedQueue<String>();
    long start = System.nanoTime();
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int c = 0; c < chatIds.size(); c++) {
      String chatId = chatIds.get(c);
      int chat = c;
      CompletionStage<?> chain = CompletableFuture.completedFuture(null);
      for (int d = 0; d < options.draftsPerChat(); d++) {
        int draft = d;
        List<ChatSettings.Member> members = memberLists.get(chat);
        String botId = members.get(draft % members.size()).botId();
        chain =
            chain.thenCompose(
                x -> {
                  long t = System.nanoTime();
                  return chats
                      .submit(
                          chatId,
                          botId,
                          "Draft " + draft + " in chat " + chat + ": " + Long.toHexString(t),
                          Optional.empty())
                      .thenAccept(
                          v -> {
                            latencies.record(Duration.ofNanos(System.nanoTime() - t));
                            verdicts.add(
                                v instanceof Verdict.Rejected r
                                    ? "rejected " + r.reason()
                                    : v.getClass().getSimpleName());
                          });
                });
      }
      all.add(chain.toCompletableFuture());
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        "| decisions | seconds | decisions/s | p50 ms | p99 ms | max ms |%n|---:|---:|---:|---:|---:|---:|%n");
    out.printf(
        "| %,d | %.1f | %,.0f | %.1f | %.1f | %.1f |%n%n",
        latencies.count(),
        seconds,
        latencies.count() / seconds,
        latencies.percentileMillis(50),
        latencies.percentileMillis(99),
        latencies.percentileMillis(100));
    out.println("| verdict | count |\n|---|---:|");
    verdicts.stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                v -> v, java.util.TreeMap::new, java.util.stream.Collectors.counting()))
        .forEach((v, n) -> out.printf("| %s | %,d |%n", v, n));
    out.println();
    out.flush();
  }
}
