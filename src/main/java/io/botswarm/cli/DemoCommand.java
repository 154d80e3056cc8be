package io.botswarm.cli;

import akka.actor.CoordinatedShutdown;
import akka.actor.typed.javadsl.Adapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.botswarm.admin.AdminOperations.PlanReport;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.BotSettings;
import io.botswarm.bot.Emotion;
import io.botswarm.bot.Profile;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatSettings;
import io.botswarm.chat.ConsoleTransport;
import io.botswarm.chat.Incoming;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.definition.BotEntry;
import io.botswarm.definition.ChatEntry;
import io.botswarm.definition.SwarmDefinition;
import io.botswarm.telegram.BotTokens;
import io.botswarm.telegram.sandbox.BotApiSandbox;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code swarm demo}: a whole swarm on embedded defaults. Starts PostgreSQL under {@code data/}, a
 * one-node cluster, and applies a swarm definition (a file, or the generated one of a seed) through
 * the same {@link io.botswarm.admin.SwarmAdmin} as {@code swarm apply}; a second run with the same
 * definition resumes the same bots from the journal.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Runs a complete local swarm on embedded defaults: PostgreSQL under data/, one node, the Bot API sandbox, and a swarm definition applied as `swarm apply` applies it: -f FILE, or the generated world of --bots persona bots in --chats chats (the same ones for the same --seed; `swarm init` writes it). Ctrl-C stops it cleanly; the next run resumes from the journal.")
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin NodeOptions node;

  @Mixin DefinitionOptions definitionOptions;

  @Option(
      names = "--human-every",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description = "How often a person posts a question (default ${DEFAULT-VALUE}).")
  Duration humanEvery;

  @Option(
      names = "--sandbox-port",
      defaultValue = "8081",
      description =
          "Port of the Bot API sandbox and its live page (default ${DEFAULT-VALUE}; 0: any free port).")
  int sandboxPort;

  @Option(
      names = "--console",
      description = "No sandbox: the chats go to this console only, not through the Bot API.")
  boolean consoleOnly;

  @Option(
      names = "--run-for",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "Stop by itself after this long (e.g. 30s); by default run until Ctrl-C.")
  Duration runFor;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SwarmDefinition definition = definitionOptions.definition(spec, out);
    node.applyConsoleLevel("WARN");
    var console = new ConsoleTransport(out);
    Map<String, Object> extra = new HashMap<>();
    extra.put("botswarm.chat.turns.starter-every", "45s");
    extra.put("botswarm.chat.turns.tick", "2s");
    Map<String, String> environment = new HashMap<>(System.getenv());
    BotApiSandbox sandbox =
        consoleOnly ? null : startSandbox(definition, extra, environment, console, out);
    out.println(
        "botswarm demo: starting a one-node swarm with "
            + definition.bots().size()
            + " bots ("
            + definitionOptions.describe()
            + ")");
    SwarmNode swarm;
    try {
      swarm =
          SwarmNode.start(node.load(extra), Duration.ofSeconds(30), system -> console, environment);
    } catch (RuntimeException e) {
      if (sandbox != null) sandbox.close();
      throw e;
    }
    out.println(
        "  journal   "
            + swarm.databaseUrl()
            + swarm
                .embeddedDatabase()
                .map(pg -> " (embedded, data in " + pg.dataDir() + ")")
                .orElse(""));
    swarm
        .databases()
        .replicaUrls()
        .forEach(r -> out.println("  replica   " + r + " (streaming; serves reads)"));
    swarm.metricsUrl().ifPresent(m -> out.println("  metrics   " + m));
    swarm
        .apiUrl()
        .ifPresent(
            a -> out.println("  read API  " + a + "/chats/<id>/messages, " + a + "/bots/<id>"));
    swarm.adminUrl().ifPresent(a -> out.println("  admin API " + a + " (SWARM_ADMIN_TOKEN)"));
    swarm
        .managementUrl()
        .ifPresent(m -> out.println("  health    " + m + "/ready, " + m + "/cluster/members"));
    out.println("  cluster   " + swarm.address() + " is Up");

    PlanReport applied;
    try {
      applied = apply(swarm, definition);
    } catch (RuntimeException e) {
      // Half a world is no demo: stop rather than run it.
      swarm.terminate();
      if (sandbox != null) sandbox.close();
      throw e;
    }
    Set<String> created = new HashSet<>();
    List<String> changed = new ArrayList<>();
    for (String line : applied.changes())
      if (line.startsWith(CREATED)) created.add(line.substring(CREATED.length()));
      else if (!line.startsWith("+ chat ")) changed.add(line);

    var botClient = new BotClient(swarm.system());
    Duration halfLife = BotSettings.create(swarm.system()).emotionHalfLife();
    out.printf(
        "%n  %-28s %-22s %-16s %7s %8s %8s%n",
        "bot", "name", "feels", "stances", "holdings", "memories");
    for (BotEntry bot : definition.bots()) {
      Profile p = botClient.profile(bot.id()).toCompletableFuture().join();
      Emotion e = p.emotion().at(Instant.now(), halfLife);
      out.printf(
          "  %-28s %-22s %-16s %7d %8d %8d%s%n",
          "@" + p.persona().handle(),
          p.persona().name(),
          e.mood().name().toLowerCase() + String.format(" %.2f", e.intensity()),
          p.stances().size(),
          p.holdings().size(),
          p.memories().size(),
          created.contains(bot.id()) ? "" : "  (resumed)");
    }
    int resumed = definition.bots().size() - created.size();
    out.printf("%n  %d bots created, %d resumed from the journal.%n", created.size(), resumed);
    // What the definition changed in the swarm the journal had (an edited file, bots and chats it
    // no longer lists disabled), as `swarm apply` prints it.
    changed.forEach(line -> out.println("  " + line));
    out.println();
    var chatClient = new ChatClient(swarm.system());
    List<String> chatIds = new ArrayList<>();
    for (ChatEntry chat : definition.chats()) {
      String chatId = String.valueOf(chat.id());
      chatIds.add(chatId);
      ChatSettings settings =
          chatClient.describe(chatId).toCompletableFuture().join().settings().orElseThrow();
      console.name(settings, chatId);
      out.printf(
          "  chat      %s (%s): %s%n",
          settings.title(),
          chatId,
          String.join(", ", settings.members().stream().map(m -> "@" + m.handle()).toList()));
    }
    out.printf(
        "  drafts by the %s generator; the conversation follows%n%n",
        swarm.drafts().generator().name());
    out.flush();
    if (!chatIds.isEmpty()) postQuestions(swarm, sandbox, chatClient, console, chatIds);

    var shutdown = CoordinatedShutdown.get(Adapter.toClassic(swarm.system()));
    if (runFor != null) {
      out.println("  running for " + runFor.toSeconds() + " s");
      swarm
          .system()
          .scheduler()
          .scheduleOnce(
              runFor,
              () -> shutdown.run(CoordinatedShutdown.unknownReason()),
              swarm.system().executionContext());
    } else {
      out.println("  running; Ctrl-C stops the swarm cleanly (the journal keeps everything)");
    }
    out.flush();
    swarm.system().getWhenTerminated().toCompletableFuture().join();
    // The databases this node runs stop before the command returns.
    swarm.terminate();
    if (sandbox != null) sandbox.close();
    out.println("botswarm demo: stopped");
    out.flush();
    return 0;
  }

  private static final String CREATED = "+ bot ";

  /**
   * The definition applied as `swarm apply` applies one, through the node's entities: bots the
   * journal has keep what they have unless the definition changed, bots and chats it leaves out are
   * disabled (their journals kept).
   */
  private static PlanReport apply(SwarmNode swarm, SwarmDefinition definition) {
    PlanReport report = swarm.admin().apply(definition, true, false).toCompletableFuture().join();
    if (!report.failed().isEmpty())
      throw new IllegalStateException(
          report.failed().size()
              + " items of the definition did not apply (the rest did; run the demo again to finish): "
              + String.join("; ", report.failed()));
    return report;
  }

  private static final String[] PEOPLE = {"Sam", "Alex", "Kim", "Robin"};

  /**
   * The sandbox with the definition's bots and chats, its page printed first; the node is pointed
   * at it with the bots' sandbox tokens where their references look ({@code file:KEY} under {@code
   * botswarm.telegram.tokens.KEY}, no reference under the bot id, {@code env:NAME} in the node's
   * {@code environment}), and whatever happens in its chats is printed here too.
   */
  private BotApiSandbox startSandbox(
      SwarmDefinition definition,
      Map<String, Object> extra,
      Map<String, String> environment,
      ConsoleTransport console,
      PrintWriter out) {
    Config given = node.load(Map.of()).resolve();
    if (!BotTokens.load(given.getConfig("botswarm.telegram"), System.getenv()).isEmpty())
      throw new ParameterException(
          spec.commandLine(),
          "Telegram bot tokens are configured: the demo runs its own bots on the Bot API sandbox. "
              + "Run `swarm node` with your tokens (docs/operations.md), or the demo without them, or with --console");
    var world = DefinitionSandbox.of(definition);
    BotApiSandbox sandbox = BotApiSandbox.start(world.spec(false), "127.0.0.1", sandboxPort);
    out.println("botswarm demo: watch and join the chats at " + sandbox.url() + "/");
    out.flush();
    extra.put("botswarm.telegram.api-url", sandbox.url());
    extra.put("botswarm.telegram.sandbox-verdicts", true);
    world
        .fileEntries()
        .forEach((key, token) -> extra.put("botswarm.telegram.tokens." + key, token));
    environment.putAll(world.environment());
    sandbox.listen(event -> print(console, event));
    return sandbox;
  }

  /** A sandbox event on the console: messages as the console transport prints them, and notes. */
  private static void print(ConsoleTransport console, JsonNode event) {
    switch (event.path("type").asText()) {
      case "message" -> {
        JsonNode m = event.path("message");
        JsonNode from = m.path("from");
        long replyTo = m.path("reply_to_message").path("message_id").asLong(0);
        console.show(
            m.path("chat").path("id").asText(),
            m.path("message_id").asLong(),
            from.path("is_bot").asBoolean()
                ? "@" + from.path("username").asText()
                : from.path("first_name").asText(),
            m.path("text").asText(),
            replyTo > 0 ? Optional.of(replyTo) : Optional.empty());
      }
      case "verdict" ->
          console.note(
              event.path("chat_id").asText(),
              "@"
                  + event.path("bot").asText()
                  + "'s draft "
                  + event.path("verdict").asText()
                  + ": "
                  + event.path("detail").asText());
      case "flood" ->
          console.note(
              event.path("chat_id").asText(),
              "@"
                  + event.path("bot").asText()
                  + " hit Telegram's flood limit: retry after "
                  + event.path("retry_after").asInt()
                  + " s");
      default -> {}
    }
  }

  /** A person asks something in one chat after another, every --human-every. */
  private void postQuestions(
      SwarmNode swarm,
      BotApiSandbox sandbox,
      ChatClient chats,
      ConsoleTransport console,
      List<String> chatIds) {
    var turn =
        new java.util.concurrent.atomic.AtomicInteger(
            (int) Math.floorMod(definitionOptions.seed(), DemoWorld.QUESTIONS.size()));
    swarm
        .system()
        .scheduler()
        .scheduleAtFixedRate(
            Duration.ZERO,
            humanEvery,
            () -> {
              int n = turn.getAndIncrement();
              String chatId = chatIds.get(n % chatIds.size());
              String who = PEOPLE[n % PEOPLE.length];
              String text = DemoWorld.QUESTIONS.get(n % DemoWorld.QUESTIONS.size());
              if (sandbox != null) {
                // Into the sandbox's chat, as a person: the bots hear it through Telegram's API.
                sandbox.postAsHuman(Long.parseLong(chatId), who, text);
                return;
              }
              long id = console.nextMessageId(chatId);
              console.printHuman(chatId, id, who, text);
              chats.receive(
                  chatId, new Incoming(id, who, "", text, Optional.empty(), Instant.now()));
            },
            swarm.system().executionContext());
  }
}
