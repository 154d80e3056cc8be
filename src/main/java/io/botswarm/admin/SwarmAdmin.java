package io.botswarm.admin;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.persistence.jdbc.query.javadsl.JdbcReadJournal;
import akka.persistence.query.PersistenceQuery;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.botswarm.bot.Bot;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.BotSpec;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatCoordinator;
import io.botswarm.chat.ChatDescription;
import io.botswarm.chat.ChatLimits;
import io.botswarm.chat.ChatSettings;
import io.botswarm.definition.BotEntry;
import io.botswarm.definition.ChatEntry;
import io.botswarm.definition.DefinitionLoader;
import io.botswarm.definition.DefinitionWriter;
import io.botswarm.definition.Problem;
import io.botswarm.definition.SwarmDefinition;
import io.botswarm.definition.TokenResolver;
import io.botswarm.telegram.Telegram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The swarm's definition applied to the running cluster, through the entities and never with SQL:
 * each bot is asked to take its {@link BotSpec}, each chat its {@link ChatSettings}, in a dry run
 * first or for real. The entities diff what they are told against what they were last told, so the
 * plan is their answer and a second apply journals nothing. Bots and chats the swarm knows (their
 * journals) but the file does not list are disabled, or removed with {@code prune}.
 *
 * <p>Every item is applied on its own: one that fails is reported with why, the others go on, and
 * applying again finishes the job.
 */
public final class SwarmAdmin implements AdminOperations {

  /** Asks in flight at once: a definition of thousands of bots must not time its asks out. */
  private static final int PARALLELISM = 16;

  private final ActorSystem<?> system;
  private final BotClient bots;
  private final ChatClient chats;
  private final TokenResolver tokens;
  private final DefinitionSpecs specs;

  /**
   * @param tokens how this node resolves bots' token references (for the plan's checks)
   * @param nodeLimits the node's default chat limits
   * @param askTimeout per entity: an apply may meet shards that are moving
   */
  public SwarmAdmin(
      ActorSystem<?> system, TokenResolver tokens, ChatLimits nodeLimits, Duration askTimeout) {
    this.system = system;
    this.bots = new BotClient(system, askTimeout);
    this.chats = new ChatClient(system, askTimeout);
    this.tokens = tokens;
    this.specs = new DefinitionSpecs(nodeLimits);
  }

  @Override
  public CompletionStage<PlanReport> plan(
      String fileName, String definitionText, boolean apply, boolean prune) {
    var loaded =
        new DefinitionLoader(
                tokens, apply ? DefinitionLoader.Mode.APPLY : DefinitionLoader.Mode.DRY_RUN)
            .load(fileName, definitionText);
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Problem p : loaded.problems()) (p.isError() ? problems : warnings).add(p.toString());
    if (!problems.isEmpty() || loaded.definition().isEmpty())
      return CompletableFuture.completedFuture(
          new PlanReport(problems, warnings, List.of(), 0, false, List.of()));
    return apply(loaded.definition().get(), apply, prune)
        .thenApply(
            r ->
                new PlanReport(
                    List.of(), warnings, r.changes(), r.unchanged(), r.applied(), r.failed()));
  }

  /** Applies (or, with {@code apply} false, plans) a definition that is known to be valid. */
  public CompletionStage<PlanReport> apply(
      SwarmDefinition definition, boolean apply, boolean prune) {
    SwarmDefinition resolved = definition.resolved();
    Map<String, BotEntry> byId = new LinkedHashMap<>();
    resolved.bots().forEach(b -> byId.put(b.id(), b));
    return known()
        .thenCompose(
            known -> {
              List<Item> items = new ArrayList<>();
              for (BotEntry b : resolved.bots())
                items.add(
                    new Item(
                        "bot " + b.id(),
                        () ->
                            bots.applySpec(b.id(), specs.botSpec(b), !apply)
                                .thenApply(
                                    r -> {
                                      // Its gateway starts wherever sharding puts it, and finds
                                      // the token its reference names; a running one ignores it.
                                      if (apply && b.enabled()) Telegram.wake(system, b.id());
                                      return Optional.of(PlanLines.forBot(b.id(), r.changes()));
                                    })));
              for (String id : known.bots())
                if (!byId.containsKey(id))
                  items.add(new Item("bot " + id, () -> retireBot(id, apply, prune)));
              Map<String, ChatEntry> chatsById = new LinkedHashMap<>();
              resolved.chats().forEach(c -> chatsById.put(String.valueOf(c.id()), c));
              // Chats after bots: a chat's members are bots the swarm must know first.
              List<Item> chatItems = new ArrayList<>();
              chatsById.forEach(
                  (id, c) -> {
                    ChatSettings settings = specs.chatSettings(c, byId);
                    chatItems.add(
                        new Item(
                            "chat " + id,
                            () ->
                                !apply && !known.chats().contains(id)
                                    ? newChat(id, settings)
                                    : chats
                                        .applySettings(id, settings, !apply)
                                        .thenApply(
                                            r -> Optional.of(PlanLines.forChat(id, r.changes())))));
                  });
              for (String id : known.chats())
                if (!chatsById.containsKey(id))
                  chatItems.add(new Item("chat " + id, () -> retireChat(id, apply, prune)));
              return run(items)
                  .thenCompose(
                      first ->
                          run(chatItems)
                              .thenApply(
                                  second -> {
                                    List<Outcome> all = new ArrayList<>(first);
                                    all.addAll(second);
                                    return report(all, apply);
                                  }));
            });
  }

  /**
   * A dry run's plan for a chat with no journal, from the definition alone: its coordinator is
   * remembered once started, so asking it would leave an empty coordinator running (and journal
   * that it runs) for a chat the dry run only looked at.
   */
  private static CompletionStage<Optional<List<String>>> newChat(String id, ChatSettings settings) {
    return settings
        .problem()
        .<CompletionStage<Optional<List<String>>>>map(
            why -> CompletableFuture.failedFuture(new IllegalArgumentException(why)))
        .orElseGet(
            () ->
                CompletableFuture.completedFuture(
                    Optional.of(List.of(PlanLines.newChat(id, settings.title())))));
  }

  /**
   * A bot the file no longer lists: disabled, or removed with prune. Empty when it is not part of
   * the swarm (removed before): neither a change nor one of the unchanged.
   */
  private CompletionStage<Optional<List<String>>> retireBot(
      String id, boolean apply, boolean prune) {
    return bots.describe(id)
        .thenCompose(
            d -> {
              if (d.status() != Bot.BotDescription.Status.ACTIVE || d.declared().isEmpty())
                return CompletableFuture.completedFuture(Optional.<List<String>>empty());
              CompletionStage<List<String>> lines;
              if (prune)
                lines =
                    apply
                        ? bots.remove(id)
                            .thenApply(
                                r -> {
                                  // Its gateway finds the bot gone and stops polling now.
                                  Telegram.wake(system, id);
                                  return PlanLines.forBot(id, r.changes());
                                })
                        : CompletableFuture.completedFuture(List.of("- bot " + id));
              else
                lines =
                    bots.applySpec(id, withEnabled(d.declared().get(), false), !apply)
                        .thenApply(r -> PlanLines.forBot(id, r.changes()));
              return lines.thenApply(Optional::of);
            });
  }

  /** As {@link #retireBot}; a pending chat is left pending, for the operator to list. */
  private CompletionStage<Optional<List<String>>> retireChat(
      String id, boolean apply, boolean prune) {
    return chats
        .describe(id)
        .thenCompose(
            d -> {
              if (d.status() != ChatDescription.Status.ACTIVE || d.settings().isEmpty())
                return CompletableFuture.completedFuture(Optional.<List<String>>empty());
              CompletionStage<List<String>> lines;
              if (prune)
                lines =
                    apply
                        ? chats.remove(id).thenApply(r -> PlanLines.forChat(id, r.changes()))
                        : CompletableFuture.completedFuture(List.of("- chat " + id));
              else
                lines =
                    chats
                        .applySettings(id, withEnabled(d.settings().get(), false), !apply)
                        .thenApply(r -> PlanLines.forChat(id, r.changes()));
              return lines.thenApply(Optional::of);
            });
  }

  @Override
  public CompletionStage<String> export() {
    return known()
        .thenCompose(
            known ->
                describeBots(known.bots())
                    .thenCompose(
                        bots ->
                            describeChats(known.chats())
                                .thenApply(
                                    chats ->
                                        new DefinitionWriter().write(definition(bots, chats)))));
  }

  private SwarmDefinition definition(List<Bot.BotDescription> bots, List<ChatDescription> chats) {
    Map<String, BotEntry> entries = new LinkedHashMap<>();
    for (Bot.BotDescription d : bots)
      if (d.status() == Bot.BotDescription.Status.ACTIVE && d.declared().isPresent())
        entries.put(d.botId(), specs.botEntry(d.botId(), d.declared().get()));
    List<ChatEntry> chatEntries = new ArrayList<>();
    for (ChatDescription d : chats)
      if (d.status() == ChatDescription.Status.ACTIVE && d.settings().isPresent())
        chatEntries.add(specs.chatEntry(Long.parseLong(d.chatId()), d.settings().get(), entries));
    return new SwarmDefinition(
        SwarmDefinition.VERSION, null, List.copyOf(entries.values()), chatEntries);
  }

  @Override
  public CompletionStage<PlanReport> setEnabled(Kind kind, String id, boolean enabled) {
    CompletionStage<List<String>> change =
        kind == Kind.BOT
            ? bots.describe(id)
                .thenCompose(
                    d -> {
                      if (d.status() != Bot.BotDescription.Status.ACTIVE)
                        throw new java.util.NoSuchElementException("unknown bot " + id);
                      return bots.applySpec(
                              id, withEnabled(d.declared().orElseThrow(), enabled), false)
                          .thenApply(r -> PlanLines.forBot(id, r.changes()));
                    })
            : describeChat(id)
                .thenCompose(
                    d -> {
                      if (d.status() != ChatDescription.Status.ACTIVE)
                        throw new java.util.NoSuchElementException("unknown chat " + id);
                      return chats
                          .applySettings(
                              id, withEnabled(d.settings().orElseThrow(), enabled), false)
                          .thenApply(r -> PlanLines.forChat(id, r.changes()));
                    });
    return change.thenApply(
        lines ->
            new PlanReport(List.of(), List.of(), lines, lines.isEmpty() ? 1 : 0, true, List.of()));
  }

  @Override
  public CompletionStage<List<Row>> list(Kind kind, boolean pendingOnly) {
    return known()
        .thenCompose(
            known ->
                kind == Kind.BOT
                    ? describeBots(known.bots())
                        .thenCompose(
                            ds -> describeChats(known.chats()).thenApply(cs -> botRows(ds, cs)))
                    : describeChats(known.chats())
                        .thenApply(
                            ds ->
                                ds.stream()
                                    .filter(
                                        d ->
                                            !pendingOnly
                                                || d.status() == ChatDescription.Status.PENDING)
                                    .map(SwarmAdmin::chatRow)
                                    .toList()));
  }

  @Override
  public CompletionStage<Optional<Map<String, Object>>> show(Kind kind, String id) {
    if (kind == Kind.BOT)
      return bots.describe(id)
          .thenApply(
              d -> {
                if (d.status() == Bot.BotDescription.Status.UNKNOWN) return Optional.empty();
                Map<String, Object> view = new LinkedHashMap<>(botRow(d).columns());
                view.put("id", id);
                view.put("status", botRow(d).status());
                d.declared().ifPresent(s -> view.put("definition", specs.botEntry(id, s)));
                d.profile()
                    .ifPresent(
                        p -> {
                          view.put("emotion", p.emotion());
                          view.put("stances", p.stances());
                          view.put("holdings", p.holdings());
                          view.put("memories", p.memories().size());
                        });
                return Optional.of(view);
              });
    return describeChat(id)
        .thenApply(
            d -> {
              if (d.status() == ChatDescription.Status.UNKNOWN) return Optional.empty();
              Row row = chatRow(d);
              Map<String, Object> view = new LinkedHashMap<>();
              view.put("id", id);
              view.put("title", row.name());
              view.put("status", row.status());
              view.putAll(row.columns());
              d.settings().ifPresent(s -> view.put("settings", s));
              return Optional.of(view);
            });
  }

  /** Bots a row each, with the running chats each is a member of. */
  private static List<Row> botRows(List<Bot.BotDescription> bots, List<ChatDescription> chats) {
    Map<String, List<String>> chatsOf = new LinkedHashMap<>();
    for (ChatDescription c : chats)
      if (c.status() == ChatDescription.Status.ACTIVE)
        c.settings().orElseThrow().members().stream()
            .forEach(
                m -> chatsOf.computeIfAbsent(m.botId(), k -> new ArrayList<>()).add(c.chatId()));
    List<Row> rows = new ArrayList<>();
    for (Bot.BotDescription d : bots) {
      Row row = botRow(d);
      Map<String, Object> columns = new LinkedHashMap<>(row.columns());
      columns.put("chats", chatsOf.getOrDefault(d.botId(), List.of()));
      rows.add(new Row(row.id(), row.name(), row.status(), columns));
    }
    return rows;
  }

  private static Row botRow(Bot.BotDescription d) {
    Map<String, Object> columns = new LinkedHashMap<>();
    String name = "";
    String status = d.status().name().toLowerCase(java.util.Locale.ROOT);
    if (d.profile().isPresent()) {
      var p = d.profile().get();
      name = p.persona().name();
      columns.put("username", "@" + p.persona().handle());
      columns.put("stances", p.stances().size());
      columns.put("holdings", p.holdings().size());
      columns.put("memories", p.memories().size());
      if (!p.enabled()) status = "disabled";
    }
    return new Row(d.botId(), name, status, columns);
  }

  private static Row chatRow(ChatDescription d) {
    Map<String, Object> columns = new LinkedHashMap<>();
    String status = d.status().name().toLowerCase(java.util.Locale.ROOT);
    String title = d.pendingTitle();
    if (d.settings().isPresent()) {
      ChatSettings s = d.settings().get();
      title = s.title();
      columns.put("members", s.members().stream().map(ChatSettings.Member::botId).toList());
      if (d.status() == ChatDescription.Status.ACTIVE && !s.enabled()) status = "disabled";
    }
    if (d.status() == ChatDescription.Status.PENDING) columns.put("added_by", d.discoveredBy());
    if (!d.floodedUntil().isEmpty()) columns.put("flooded_until", new TreeMap<>(d.floodedUntil()));
    return new Row(d.chatId(), title, status, columns);
  }

  /**
   * A chat as its coordinator describes it, if it has a journal; else unknown without asking, as
   * {@link #newChat} explains.
   */
  private CompletionStage<ChatDescription> describeChat(String id) {
    return readJournal()
        .currentEventsByPersistenceId(ChatCoordinator.persistenceId(id).id(), 0L, Long.MAX_VALUE)
        .take(1)
        .runWith(Sink.headOption(), system)
        .thenCompose(
            first ->
                first.isPresent()
                    ? chats.describe(id)
                    : CompletableFuture.completedFuture(
                        new ChatDescription(
                            id, ChatDescription.Status.UNKNOWN, Optional.empty(), "", List.of())));
  }

  private JdbcReadJournal readJournal() {
    // The plugin persistence.conf configures (jdbc-read-journal), as the journal tools read it.
    return PersistenceQuery.get(Adapter.toClassic(system))
        .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
  }

  private record Known(TreeSet<String> bots, TreeSet<String> chats) {}

  /** Every bot and chat with a journal: the persistence ids of their entity types. */
  private CompletionStage<Known> known() {
    JdbcReadJournal journal = readJournal();
    String botPrefix = Bot.ENTITY_KEY.name() + "|";
    String chatPrefix = ChatCoordinator.ENTITY_KEY.name() + "|";
    return journal
        .currentPersistenceIds()
        .runWith(Sink.seq(), system)
        .thenApply(
            ids -> {
              var known = new Known(new TreeSet<>(), new TreeSet<>());
              for (String id : ids) {
                if (id.startsWith(botPrefix)) known.bots().add(id.substring(botPrefix.length()));
                else if (id.startsWith(chatPrefix))
                  known.chats().add(id.substring(chatPrefix.length()));
              }
              return known;
            });
  }

  /** One bot or chat to apply: its plan lines, or empty when it is no longer part of the swarm. */
  private record Item(
      String name, java.util.function.Supplier<CompletionStage<Optional<List<String>>>> run) {}

  private record Outcome(String name, Optional<List<String>> lines, Optional<String> failure) {}

  private CompletionStage<List<Outcome>> run(List<Item> items) {
    return Source.from(items)
        .mapAsync(
            PARALLELISM,
            item ->
                item.run()
                    .get()
                    .handle(
                        (lines, error) ->
                            error == null
                                ? new Outcome(item.name(), lines, Optional.empty())
                                : new Outcome(
                                    item.name(), Optional.empty(), Optional.of(reason(error)))))
        .runWith(Sink.seq(), system);
  }

  private static PlanReport report(List<Outcome> outcomes, boolean apply) {
    List<String> changes = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    int unchanged = 0;
    for (Outcome o : outcomes) {
      if (o.failure().isPresent()) failed.add(o.name() + ": " + o.failure().get());
      else if (o.lines().map(List::isEmpty).orElse(false)) unchanged++;
      else o.lines().ifPresent(changes::addAll);
    }
    return new PlanReport(List.of(), List.of(), changes, unchanged, apply, failed);
  }

  private static String reason(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null
        && (cause instanceof java.util.concurrent.CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)) cause = cause.getCause();
    if (cause instanceof java.util.concurrent.TimeoutException)
      // The command may still be carried out once the entity recovers (it waits in its stash).
      return "no answer in time (the entity is recovering, moving or failing to recover; see the"
          + " node's log): it may still apply, apply again to see";
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  private static BotSpec withEnabled(BotSpec s, boolean enabled) {
    return new BotSpec(
        s.persona(),
        enabled,
        s.tokenRef(),
        s.mood(),
        s.moodIntensity(),
        s.stances(),
        s.holdings(),
        s.memories());
  }

  private static ChatSettings withEnabled(ChatSettings s, boolean enabled) {
    return new ChatSettings(
        s.title(),
        enabled,
        s.members(),
        s.activity(),
        s.quietHours(),
        s.limits(),
        s.starters(),
        s.starterThreadId());
  }

  private CompletionStage<List<Bot.BotDescription>> describeBots(java.util.Collection<String> ids) {
    return Source.from(List.copyOf(ids))
        .mapAsync(PARALLELISM, bots::describe)
        .runWith(Sink.seq(), system);
  }

  private CompletionStage<List<ChatDescription>> describeChats(java.util.Collection<String> ids) {
    return Source.from(List.copyOf(ids))
        .mapAsync(PARALLELISM, chats::describe)
        .runWith(Sink.seq(), system);
  }
}
