package io.botswarm.telegram;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.PostStop;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.ClusterShardingSettings;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import com.fasterxml.jackson.annotation.JsonCreator;
import io.botswarm.chat.ChatTransport;
import io.botswarm.generation.Generator;
import io.botswarm.metrics.SwarmMetrics;
import io.botswarm.serialization.JsonSerializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * The one gateway of a bot token in the whole cluster (sharded by bot id, remembered, never
 * passivated): so exactly one long-poller per token runs, and it moves to a surviving node when its
 * node dies. Its state is the offset of the last update the coordinators took; it is the only thing
 * it journals (acknowledged, or re-based when Telegram's update ids restart lower; never the token:
 * the entity id is the bot id, and each node reads the token from its own secrets).
 *
 * <p>Protocol: {@link Wake} (from every node, at start and now and then, and after a definition
 * applies or removes its bot) starts it: it asks its bot whether it is in the swarm and finds its
 * token on this node ({@link TokenLookup}: the reference its bot's definition names, or else by bot
 * id, kept in memory only). No such bot (a key of the tokens file that only a reference names, a
 * bot removed) — it stops here quietly; no token — it stops here, its status saying what the node
 * looked for. Then {@code getMe} checks the token — a 401 marks the bot misconfigured, with a clear
 * message, and nothing else stops — then it long-polls from its offset, or sets its webhook. A
 * running gateway asks again at every {@link Wake}: a bot removed since stops its poller and
 * leaves, a token that changed is taken up. {@link Send} posts a message for a coordinator and
 * answers how it went: sent, failed (certainly not posted) or unknown (perhaps posted; never sent
 * again). {@link Acknowledge} journals a new offset for the poller. While it runs, its status says
 * what an operator should know ({@link Status#warnings}): privacy mode, a 409 on getUpdates (phase
 * {@link Phase#CONFLICT}; a webhook set on a polling bot is deleted), ids that restarted.
 */
public final class TelegramGateway
    extends EventSourcedBehaviorWithEnforcedReplies<
        TelegramGateway.Command, TelegramGateway.Event, TelegramGateway.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "TelegramGateway");

  // --- commands ---------------------------------------------------------------------------------

  public sealed interface Command extends JsonSerializable
      permits Wake,
          Recheck,
          Send,
          Typing,
          Acknowledge,
          GetStatus,
          TokenLooked,
          LookupFailed,
          Started,
          StartFailed,
          SendDone,
          TypingRefused,
          Drain,
          Recovered,
          RebaseOffset,
          PollConflicted,
          PollsAnswered,
          StrayWebhookRemoved {}

  public enum Wake implements Command {
    INSTANCE
  }

  /**
   * As {@link Wake}, and a running gateway asks its bot again (removed? another token?). Sent when
   * an operator changed the bot ({@link Telegram#wake}); the periodic wake does not ask, so that
   * bots passivate.
   */
  public enum Recheck implements Command {
    INSTANCE
  }

  /**
   * Posts {@code text} in the chat, in parts if it is long; {@code threadId}: the forum topic every
   * part goes to (0: none, as from senders of the previous version).
   */
  public record Send(
      String chatId,
      String text,
      Optional<Long> replyToMessageId,
      Instant deadline,
      ActorRef<ChatTransport.Outcome> replyTo,
      long threadId)
      implements Command {}

  /** A bot is writing for the chat, in the forum topic {@code threadId} (0: none). */
  public record Typing(String chatId, long threadId) implements Command {}

  public record Acknowledge(long offset, ActorRef<Done> replyTo) implements Command {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {
    @JsonCreator
    public GetStatus {}
  }

  private record TokenLooked(TokenLookup.Found found) implements Command {
    @JsonCreator
    TokenLooked {}
  }

  private record LookupFailed(String why) implements Command {
    @JsonCreator
    LookupFailed {}
  }

  /**
   * @param readsAllGroupMessages {@code getMe}'s {@code can_read_all_group_messages}: false when
   *     the bot has privacy mode on
   */
  private record Started(String username, boolean readsAllGroupMessages) implements Command {}

  private record StartFailed(TelegramApi.Failure failure) implements Command {
    @JsonCreator
    StartFailed {}
  }

  private record SendDone(long seq, long messageId, Optional<TelegramApi.Failure> failure)
      implements Command {}

  /** Telegram refused "typing…" in the chat, asked at {@code asked}. */
  private record TypingRefused(String chatId, Instant asked, TelegramApi.Failure failure)
      implements Command {}

  private enum Drain implements Command {
    INSTANCE
  }

  /** Its own start after recovery: unlike a {@link Wake}, it asks nothing a second time. */
  private enum Recovered implements Command {
    INSTANCE
  }

  /** The poller saw Telegram's update ids restart: polling goes on after {@code offset}. */
  private record RebaseOffset(long offset, ActorRef<Done> replyTo) implements Command {}

  /** getUpdates answered 409. */
  private record PollConflicted(TelegramApi.Failure failure) implements Command {
    @JsonCreator
    PollConflicted {}
  }

  /** getUpdates answers again after it failed. */
  private enum PollsAnswered implements Command {
    INSTANCE
  }

  /** The webhook set on the bot while it polls is deleted ({@code url}: what it was), or not. */
  private record StrayWebhookRemoved(String url, Optional<TelegramApi.Failure> failure)
      implements Command {}

  // --- replies ----------------------------------------------------------------------------------

  public enum Phase {
    STARTING,
    POLLING,
    WEBHOOK,
    MISCONFIGURED,
    NO_TOKEN,
    NO_BOT,
    /**
     * Polling, but getUpdates answers 409: another program polls the token, or a webhook is set
     * (which the gateway deletes, {@code remove-stray-webhook}); sends go on.
     */
    CONFLICT
  }

  /**
   * @param offset the last update id the coordinators took
   * @param detail why it is not running, when it is not
   * @param warnings what an operator should see while it runs, one line each, newest last (e.g.
   *     privacy mode on, a conflicting poller, sends Telegram refused by kind and chat); absent
   *     from answers of the previous version: none
   */
  public record Status(
      String botId,
      Phase phase,
      String username,
      long offset,
      int waiting,
      String detail,
      List<String> warnings)
      implements JsonSerializable {
    public Status {
      warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
  }

  // --- events and state -------------------------------------------------------------------------

  public sealed interface Event extends JsonSerializable
      permits UpdatesAcknowledged, OffsetRebased {}

  /** The coordinators have every update up to {@code offset}: polling goes on after it. */
  public record UpdatesAcknowledged(String botId, long offset, Instant at) implements Event {}

  /**
   * Telegram's update ids restarted below the offset (after a long quiet spell, or another API
   * server): polling goes on after {@code to}, lower than {@code from}, the offset before. A new
   * event: journals written before it have none, and replay the same.
   */
  public record OffsetRebased(String botId, long from, long to, Instant at) implements Event {}

  public record State(long offset) implements JsonSerializable {
    @JsonCreator
    public State {}
  }

  // --- behavior ---------------------------------------------------------------------------------

  /**
   * What gateways need from their node: its tokens, settings, HTTP client, inbound path, and the
   * clock its pacing reads (its timers run on the actor system's scheduler).
   */
  public record Services(
      TokenLookup tokens,
      TelegramSettings settings,
      OkHttpClient http,
      Inbound inbound,
      Clock clock) {}

  public static void init(ActorSystem<?> system, Services services, int snapshotEvery) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    ENTITY_KEY,
                    ctx ->
                        Behaviors.<Command>setup(
                            c ->
                                Behaviors.withTimers(
                                    t ->
                                        new TelegramGateway(
                                            ctx.getEntityId(),
                                            ctx.getShard(),
                                            services,
                                            snapshotEvery,
                                            c,
                                            t))))
                // The poller must run whether or not anyone sends: never idle, always restarted.
                .withSettings(
                    ClusterShardingSettings.create(system)
                        .withRememberEntities(true)
                        .withNoPassivationStrategy()));
  }

  public static PersistenceId persistenceId(String botId) {
    return PersistenceId.of(ENTITY_KEY.name(), botId);
  }

  private static final String DRAIN_TIMER = "drain";
  private static final String WAKE_TIMER = "wake";
  private static final Duration MAX_RESTART = Duration.ofSeconds(30);
  // How long a status still shows what has passed (a conflict that ended, ids that restarted).
  private static final Duration REMEMBERED = Duration.ofHours(24);
  // A conflict that comes back (two pollers take turns) is logged again only after this.
  private static final Duration CONFLICT_LOG_EVERY = Duration.ofMinutes(10);

  private final String botId;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final Services services;
  private final int snapshotEvery;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Logger log;
  private Optional<TokenLookup.Token> token = Optional.empty();
  private Optional<TelegramApi> api = Optional.empty();
  private final Outbox outbox;
  private final RefusedSends refusedSends;

  /**
   * The chats this bot posted in since the gateway started (the latest {@link #POSTED_IN}): the
   * ones told of a flood on the bot's own limit.
   */
  private final Set<String> postedIn = new LinkedHashSet<>();

  private static final int POSTED_IN = 1_000;

  /** The end of the last bot-wide flood the chats were told of. */
  private Instant floodTold = Instant.EPOCH;

  private final Set<Long> sending = new HashSet<>();
  private Phase phase;
  private String username = "";
  private String detail = "";
  private Duration restartAfter = Duration.ofSeconds(1);
  private boolean checking;
  private boolean leaving;
  // A Wake while its bot was being asked: the answer may predate the bot (registered meanwhile).
  private boolean wokenAgain;
  private Poller poller;
  private final Warnings warnings = new Warnings();
  private TelegramApi.Conflict conflict;
  private Instant conflictSince;
  private long conflictAnswers;
  private final java.util.Map<TelegramApi.Conflict, Instant> conflictLogged =
      new java.util.EnumMap<>(TelegramApi.Conflict.class);
  private boolean removingWebhook;

  private TelegramGateway(
      String botId,
      ActorRef<ClusterSharding.ShardCommand> shard,
      Services services,
      int snapshotEvery,
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers) {
    super(
        persistenceId(botId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.botId = botId;
    this.shard = shard;
    this.services = services;
    this.snapshotEvery = snapshotEvery;
    this.ctx = ctx;
    this.timers = timers;
    this.log = ctx.getLog();
    this.outbox = new Outbox(services.settings().perBotPerSecond(), services.clock().instant());
    this.refusedSends = new RefusedSends(botId, log);
    // A gateway that found no bot or no token here before (and left) says so at once when asked
    // again; it asks its bot again all the same.
    var missed = services.tokens().missed(botId).orElse(null);
    if (missed instanceof TokenLookup.Missing m) {
      phase = Phase.NO_TOKEN;
      detail = m.detail();
    } else if (missed instanceof TokenLookup.NoBot n) {
      phase = Phase.NO_BOT;
      detail = n.detail();
    } else {
      phase = Phase.STARTING;
      detail = "asking its bot whether it is in the swarm and where its token is";
    }
  }

  private void use(TokenLookup.Token found) {
    token = Optional.of(found);
    api =
        Optional.of(
            new TelegramApi(services.http(), found.token(), services.settings().telegramUrl()));
  }

  @Override
  public State emptyState() {
    return new State(0);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return snapshotEvery > 0
        ? RetentionCriteria.snapshotEvery(snapshotEvery, 2)
        : RetentionCriteria.disabled();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> ctx.getSelf().tell(Recovered.INSTANCE))
        .onSignal(PostStop.instance(), state -> stopped())
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(UpdatesAcknowledged.class, TelegramGateway::applyEvent)
        .onEvent(OffsetRebased.class, TelegramGateway::applyEvent)
        .build();
  }

  /** The event handler, shared with the journal tools' replay. */
  public static State applyEvent(State state, Event event) {
    if (event instanceof OffsetRebased rebased) return new State(rebased.to());
    var acknowledged = (UpdatesAcknowledged) event;
    return new State(Math.max(state.offset(), acknowledged.offset()));
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Wake.class, this::onWake)
        .onCommand(Recheck.class, this::onRecheck)
        .onCommand(
            Recovered.class,
            // The Wake that started it (stashed during recovery) may be asking already.
            (state, cmd) -> checking || leaving ? Effect().noReply() : onWake(state, Wake.INSTANCE))
        .onCommand(TokenLooked.class, this::onTokenLooked)
        .onCommand(LookupFailed.class, this::onLookupFailed)
        .onCommand(Started.class, this::onStarted)
        .onCommand(StartFailed.class, this::onStartFailed)
        .onCommand(Send.class, this::onSend)
        .onCommand(Typing.class, this::onTyping)
        .onCommand(SendDone.class, this::onSendDone)
        .onCommand(TypingRefused.class, this::onTypingRefused)
        .onCommand(Drain.class, (state, cmd) -> drain())
        .onCommand(Acknowledge.class, this::onAcknowledge)
        .onCommand(
            GetStatus.class,
            (state, cmd) ->
                Effect()
                    .reply(
                        cmd.replyTo(),
                        new Status(
                            botId,
                            phase,
                            username,
                            state.offset(),
                            outbox.size(),
                            detail,
                            java.util.stream.Stream.concat(
                                    warnings.lines(services.clock().instant()).stream(),
                                    refusedSends.lines().stream())
                                .toList())))
        .onCommand(RebaseOffset.class, this::onRebaseOffset)
        .onCommand(PollConflicted.class, this::onPollConflicted)
        .onCommand(PollsAnswered.class, this::onPollsAnswered)
        .onCommand(StrayWebhookRemoved.class, this::onStrayWebhookRemoved)
        .build();
  }

  // --- starting ---------------------------------------------------------------------------------

  private ReplyEffect<Event, State> onWake(State state, Wake cmd) {
    if (leaving || checking) {
      wokenAgain = true;
      return Effect().noReply();
    }
    if (timers.isTimerActive(WAKE_TIMER)) return Effect().noReply();
    if (token.isEmpty()) return lookUpToken();
    if (phase != Phase.STARTING) return Effect().noReply();
    checking = true;
    ctx.pipeToSelf(
        api.get().getMe(),
        (User me, Throwable error) ->
            error == null
                ? new Started(me.getUserName(), !privacyOn(me))
                : new StartFailed(TelegramApi.classify(error)));
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onRecheck(State state, Recheck cmd) {
    if (leaving || checking) {
      wokenAgain = true;
      return Effect().noReply();
    }
    if (running()) return lookUpToken();
    return onWake(state, Wake.INSTANCE);
  }

  /** Asks the bot (without blocking) which token it names; answered by {@link TokenLooked}. */
  private ReplyEffect<Event, State> lookUpToken() {
    checking = true;
    ctx.pipeToSelf(
        services.tokens().find(botId),
        (found, error) ->
            error == null ? new TokenLooked(found) : new LookupFailed(error.toString()));
    return Effect().noReply();
  }

  private boolean running() {
    return phase == Phase.POLLING || phase == Phase.WEBHOOK || phase == Phase.CONFLICT;
  }

  private ReplyEffect<Event, State> onTokenLooked(State state, TokenLooked cmd) {
    checking = false;
    boolean askAgain = wokenAgain;
    wokenAgain = false;
    if (running()) {
      if (cmd.found() instanceof TokenLookup.Token same
          && same.token().equals(token.orElseThrow().token())) return Effect().noReply();
      halt();
    }
    if (cmd.found() instanceof TokenLookup.Token found) {
      use(found);
      phase = Phase.STARTING;
      detail = "";
      log.info("bot {}: its token comes from {}", botId, found.source());
      return onWake(state, Wake.INSTANCE);
    }
    // Woken while its bot was asked: the bot may have been applied just after it answered.
    if (askAgain) return onWake(state, Wake.INSTANCE);
    if (cmd.found() instanceof TokenLookup.NoBot noBot) {
      phase = Phase.NO_BOT;
      detail = noBot.detail();
      // Every node wakes every key of its tokens file, bot or not: nothing worth a warning.
      log.debug("bot {}: {}; its gateway does not poll", botId, detail);
      failAll(detail);
      leave();
      return Effect().noReply();
    }
    var missing = (TokenLookup.Missing) cmd.found();
    phase = Phase.NO_TOKEN;
    detail = missing.detail();
    // Woken again and again (a send, an apply, a restart) it would say the same every time.
    if (services.tokens().firstReport(botId, missing))
      log.warn("bot {}: {}; its gateway stops here", botId, detail);
    else log.debug("bot {}: {}; its gateway stops here", botId, detail);
    failAll("bot " + botId + " cannot post: " + detail);
    leave();
    return Effect().noReply();
  }

  /**
   * Leaves, so that sharding forgets it here; a node with the token (or its bot) wakes it again.
   */
  private void leave() {
    leaving = true;
    shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
  }

  /** Stops polling with the token it had: its bot is gone, or names another token now. */
  private void halt() {
    if (poller != null) {
      poller.stop();
      poller = null;
    }
    log.info(
        "bot {}: its gateway stops using the token from {}", botId, token.orElseThrow().source());
    token = Optional.empty();
    api = Optional.empty();
    username = "";
    phase = Phase.STARTING;
    endConflict();
  }

  private ReplyEffect<Event, State> onLookupFailed(State state, LookupFailed cmd) {
    checking = false;
    wokenAgain = false;
    if (running()) {
      // It goes on as it is; the next wake asks again.
      log.debug(
          "bot {}: its bot did not answer whether it is still in the swarm: {}", botId, cmd.why());
      return Effect().noReply();
    }
    detail = "bot " + botId + " did not say which token its definition names: " + cmd.why();
    log.warn("bot {}: {}; trying again in {} s", botId, detail, restartAfter.toSeconds());
    retryLater();
    return Effect().noReply();
  }

  private void retryLater() {
    timers.startSingleTimer(WAKE_TIMER, Wake.INSTANCE, restartAfter);
    restartAfter =
        restartAfter.multipliedBy(2).compareTo(MAX_RESTART) > 0
            ? MAX_RESTART
            : restartAfter.multipliedBy(2);
  }

  private ReplyEffect<Event, State> onStarted(State state, Started cmd) {
    checking = false;
    username = cmd.username();
    restartAfter = Duration.ofSeconds(1);
    privacyMode(cmd.readsAllGroupMessages());
    var settings = services.settings();
    if (settings.mode() == TelegramSettings.Mode.WEBHOOK) {
      String url = settings.webhook().publicUrl() + "/telegram/" + botId;
      ctx.pipeToSelf(
          api.get()
              .setWebhook(
                  url, settings.webhook().secret().orElseThrow(), UpdateMapper.ALLOWED_UPDATES),
          (ok, error) ->
              error == null ? Drain.INSTANCE : new StartFailed(TelegramApi.classify(error)));
      phase = Phase.WEBHOOK;
      log.info("bot {} (@{}): updates come to the webhook {}", botId, username, url);
    } else {
      poller =
          new Poller(
              botId,
              token.orElseThrow().token(),
              settings.telegramUrl(),
              services.http(),
              settings,
              state.offset(),
              updates -> services.inbound().deliver(botId, updates),
              pollerGateway(settings));
      poller.start();
      phase = Phase.POLLING;
      log.info("bot {} (@{}): polling from update {}", botId, username, state.offset() + 1);
    }
    return drain();
  }

  private ReplyEffect<Event, State> onStartFailed(State state, StartFailed cmd) {
    var failure = cmd.failure();
    checking = false;
    if (poller != null) {
      poller.stop();
      poller = null;
    }
    endConflict();
    if (failure.unauthorized()) {
      phase = Phase.MISCONFIGURED;
      detail =
          "Telegram rejected the token of bot "
              + botId
              + " (401 Unauthorized); check "
              + token.orElseThrow().source();
      log.error("bot {}: {}. The rest of the swarm goes on without it.", botId, detail);
      failAll("bot " + botId + " is misconfigured: Telegram rejected its token");
      return Effect().noReply();
    }
    phase = Phase.STARTING;
    detail = "Telegram did not answer getMe/setWebhook: " + failure;
    log.warn("bot {}: {}; trying again in {} s", botId, detail, restartAfter.toSeconds());
    retryLater();
    return Effect().noReply();
  }

  private void stopped() {
    if (poller != null) poller.stop();
    SwarmMetrics.privacyMode(botId, false);
    failAll("the gateway of bot " + botId + " stopped before sending it");
    // Woken while leaving: the wake is not lost, sharding starts it again for it.
    if (leaving && wokenAgain)
      ClusterSharding.get(ctx.getSystem()).entityRefFor(ENTITY_KEY, botId).tell(Wake.INSTANCE);
  }

  // --- sending ----------------------------------------------------------------------------------

  private ReplyEffect<Event, State> onSend(State state, Send cmd) {
    if (phase == Phase.MISCONFIGURED || phase == Phase.NO_TOKEN || phase == Phase.NO_BOT) {
      cmd.replyTo().tell(new ChatTransport.Failed("bot " + botId + " cannot post: " + detail));
      return Effect().noReply();
    }
    String text = cmd.text().strip();
    List<String> parts;
    if (text.length() <= Generator.MAX_TEXT) parts = List.of(text);
    else if (services.settings().splitLongText())
      parts = TextSplitter.split(text, Generator.MAX_TEXT);
    else {
      cmd.replyTo()
          .tell(
              new ChatTransport.Failed(
                  "the text has "
                      + text.length()
                      + " characters, over Telegram's 4,096, and long-text = refuse"));
      return Effect().noReply();
    }
    postedIn.remove(cmd.chatId());
    postedIn.add(cmd.chatId());
    if (postedIn.size() > POSTED_IN) postedIn.remove(postedIn.iterator().next());
    outbox.add(
        cmd.chatId(),
        parts,
        cmd.replyToMessageId(),
        cmd.threadId(),
        cmd.deadline(),
        cmd.replyTo(),
        services.clock().instant());
    return drain();
  }

  private ReplyEffect<Event, State> onTyping(State state, Typing cmd) {
    // A chat a 429 holds gets no request at all, "typing…" included.
    Instant now = services.clock().instant();
    if (running() && outbox.hold(cmd.chatId(), now).isEmpty()) {
      var self = ctx.getSelf();
      // Only a refusal is news: a "typing…" Telegram took needs no message.
      api.get()
          .typing(cmd.chatId(), cmd.threadId())
          .whenComplete(
              (done, error) -> {
                if (error != null)
                  self.tell(new TypingRefused(cmd.chatId(), now, TelegramApi.classify(error)));
              });
    }
    return Effect().noReply();
  }

  /**
   * A 429 to "typing…" holds the chat (or the bot) as one to a message does: Telegram counts the
   * action against the same limits, and the next message would meet a 429 of its own (the hostile
   * groups run: a message 5 s after such a 429 met a second one).
   */
  private ReplyEffect<Event, State> onTypingRefused(State state, TypingRefused refused) {
    var failure = refused.failure();
    if (!failure.floodControl()) return Effect().noReply();
    Instant now = services.clock().instant();
    var hold =
        outbox.held(
            refused.chatId(),
            refused.asked(),
            failure.retryAfter(),
            services.settings().floodMemory(),
            now);
    flooded(refused.chatId(), failure, hold, now);
    return drain();
  }

  /** A 429's hold, said once per kind and chat; one on the bot's own limit told to its chats. */
  private void flooded(String chatId, TelegramApi.Failure failure, Outbox.Hold hold, Instant now) {
    refusedSends.refused(chatId, failure, Optional.of(hold), now);
    if (hold.botWide() && hold.until().isAfter(floodTold)) {
      // Every chat of the bot: none should pay for a draft the hold would refuse.
      floodTold = hold.until();
      services.inbound().botFlooded(List.copyOf(postedIn), botId, hold.until());
    }
  }

  private ReplyEffect<Event, State> drain() {
    if (!running()) return Effect().noReply();
    Instant now = services.clock().instant();
    var due = outbox.due(now);
    for (var q : due.expired()) {
      var hold = outbox.hold(q.chatId(), now);
      hold.ifPresent(h -> refusedSends.heldBack(q.chatId(), h, now));
      q.replyToRef()
          .tell(
              hold.<ChatTransport.Outcome>map(
                      h ->
                          new ChatTransport.Failed(
                              "not sent: a 429 holds "
                                  + (h.botWide() ? "the bot" : "the chat")
                                  + " until "
                                  + h.until()
                                  + ", past the send deadline",
                              Optional.of(new ChatTransport.Flooded(h.until(), h.botWide()))))
                  .orElseGet(
                      () ->
                          new ChatTransport.Failed(
                              "not sent: it waited past the send deadline for Telegram's limits")));
    }
    for (var q : due.send()) {
      sending.add(q.seq());
      ctx.pipeToSelf(
          api.get()
              .sendMessage(
                  q.chatId(),
                  q.part(),
                  q.next() == 0 ? q.replyTo() : Optional.empty(),
                  q.threadId()),
          (Message m, Throwable error) ->
              error == null
                  ? new SendDone(q.seq(), m.getMessageId(), Optional.empty())
                  : new SendDone(q.seq(), 0, Optional.of(TelegramApi.classify(error))));
    }
    due.wakeAt()
        .ifPresent(
            at ->
                timers.startSingleTimer(
                    DRAIN_TIMER, Drain.INSTANCE, Duration.between(now, at).plusMillis(5)));
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onSendDone(State state, SendDone done) {
    sending.remove(done.seq());
    var found = outbox.get(done.seq());
    if (found.isEmpty()) return Effect().noReply();
    var q = found.get();
    Instant now = services.clock().instant();
    if (done.failure().isEmpty()) {
      if (outbox.partSent(q, done.messageId(), now).isEmpty())
        q.replyToRef()
            .tell(
                new ChatTransport.Sent(
                    q.next() == 0 ? done.messageId() : q.firstMessageId(),
                    q.parts().size(),
                    q.parts().size()));
      return drain();
    }
    var failure = done.failure().get();
    if (failure.floodControl()) {
      // Certainly not posted. The hold stands whatever becomes of the message: the chat (or the
      // bot) gets nothing before it is over, even when the message is given up.
      var flooded =
          outbox.floodControlled(q, failure.retryAfter(), services.settings().floodMemory(), now);
      var hold = flooded.hold();
      flooded(q.chatId(), failure, hold, now);
      if (!flooded.givenUp()) {
        // The first part or a later one: wait as Telegram asks, then go on in order.
        log.debug(
            "bot {} chat {}: 429, waiting {} s as Telegram asks",
            botId,
            q.chatId(),
            failure.retryAfter());
        return drain();
      }
      q.replyToRef()
          .tell(
              q.next() > 0
                  ? q.sentSoFar()
                  : new ChatTransport.Failed(
                      "flood control: Telegram asks to wait "
                          + failure.retryAfter()
                          + " s, past the send deadline"
                          + (hold.botWide() ? " (the bot's own limit, over all chats)" : ""),
                      Optional.of(new ChatTransport.Flooded(hold.until(), hold.botWide()))));
      return drain();
    }
    if (failure.kind() == TelegramApi.Kind.REJECTED && !failure.unauthorized())
      refusedSends.refused(q.chatId(), failure, Optional.empty(), now);
    if (q.next() > 0 && failure.kind() != TelegramApi.Kind.NOT_SENT) {
      // The message is in the chat already; what is missing is its tail.
      log.warn(
          "bot {} chat {}: part {} of {} not posted: {}",
          botId,
          q.chatId(),
          q.next() + 1,
          q.parts().size(),
          failure);
      outbox.drop(q);
      q.replyToRef().tell(q.sentSoFar());
      return drain();
    }
    switch (failure.kind()) {
      case REJECTED -> {
        outbox.drop(q);
        q.replyToRef()
            .tell(
                new ChatTransport.Failed("Telegram refused it: " + failure, failure.refusal(now)));
        if (failure.unauthorized()) ctx.getSelf().tell(new StartFailed(failure));
      }
      case NOT_SENT -> {
        Instant again = now.plusMillis(Math.min(10_000, 250L << Math.min(q.attempts(), 6)));
        if (again.isAfter(q.deadline())) {
          outbox.drop(q);
          q.replyToRef()
              .tell(
                  q.next() > 0
                      ? q.sentSoFar()
                      : new ChatTransport.Failed("not sent: " + failure.description()));
        } else outbox.retryAt(q, again);
      }
      case AMBIGUOUS -> {
        outbox.drop(q);
        q.replyToRef().tell(new ChatTransport.Unknown("Telegram's answer was lost: " + failure));
      }
    }
    return drain();
  }

  private void failAll(String why) {
    for (var q : outbox.drain()) {
      ChatTransport.Outcome outcome =
          sending.contains(q.seq())
              ? new ChatTransport.Unknown(why + " (a request was under way)")
              : q.next() > 0 ? q.sentSoFar() : new ChatTransport.Failed(why);
      q.replyToRef().tell(outcome);
    }
    sending.clear();
  }

  // --- polling ----------------------------------------------------------------------------------

  private ReplyEffect<Event, State> onAcknowledge(State state, Acknowledge cmd) {
    if (cmd.offset() <= state.offset()) return Effect().reply(cmd.replyTo(), Done.getInstance());
    long start = System.nanoTime();
    return Effect()
        .persist(new UpdatesAcknowledged(botId, cmd.offset(), services.clock().instant()))
        .thenRun(s -> SwarmMetrics.journalWrite(ENTITY_KEY.name(), start))
        .thenReply(cmd.replyTo(), s -> Done.getInstance());
  }

  /** What the poller asks of this gateway (from its own thread: all by message). */
  private Poller.Gateway pollerGateway(TelegramSettings settings) {
    var self = ctx.getSelf();
    var scheduler = ctx.getSystem().scheduler();
    return new Poller.Gateway() {
      @Override
      public java.util.concurrent.CompletionStage<?> acknowledge(long offset) {
        return akka.actor.typed.javadsl.AskPattern.ask(
            self,
            (ActorRef<Done> r) -> new Acknowledge(offset, r),
            settings.sendDeadline(),
            scheduler);
      }

      @Override
      public java.util.concurrent.CompletionStage<?> rebase(long offset) {
        return akka.actor.typed.javadsl.AskPattern.ask(
            self,
            (ActorRef<Done> r) -> new RebaseOffset(offset, r),
            settings.sendDeadline(),
            scheduler);
      }

      @Override
      public void conflicted(TelegramApi.Failure failure) {
        self.tell(new PollConflicted(failure));
      }

      @Override
      public void answered() {
        self.tell(PollsAnswered.INSTANCE);
      }
    };
  }

  private ReplyEffect<Event, State> onRebaseOffset(State state, RebaseOffset cmd) {
    if (cmd.offset() >= state.offset()) return Effect().reply(cmd.replyTo(), Done.getInstance());
    long start = System.nanoTime();
    Instant now = services.clock().instant();
    long from = state.offset();
    return Effect()
        .persist(new OffsetRebased(botId, from, cmd.offset(), now))
        .thenRun(
            s -> {
              SwarmMetrics.journalWrite(ENTITY_KEY.name(), start);
              SwarmMetrics.offsetRebased();
              String line =
                  "Telegram's update ids restarted at "
                      + now
                      + ": it answered from "
                      + (cmd.offset() + 1)
                      + " when asked from "
                      + (from + 1)
                      + "; polling goes on from there (re-based, journaled), nothing skipped";
              log.warn("bot {}: {}", botId, line);
              warnings.put("offset", line, now.plus(REMEMBERED));
            })
        .thenReply(cmd.replyTo(), s -> Done.getInstance());
  }

  /**
   * A 409 on getUpdates: CONFLICT (sends go on), counted, logged once (again only after {@link
   * #CONFLICT_LOG_EVERY}), in the status; a webhook set on a polling bot is deleted when the
   * settings say so, and polling resumes by itself.
   */
  private ReplyEffect<Event, State> onPollConflicted(State state, PollConflicted cmd) {
    // A poller stopped since, or a gateway that is not polling: nothing of its own.
    if (poller == null || !running()) return Effect().noReply();
    var kind = cmd.failure().conflict().orElse(TelegramApi.Conflict.OTHER);
    Instant now = services.clock().instant();
    SwarmMetrics.pollConflict(kind.name().toLowerCase(java.util.Locale.ROOT));
    if (phase != Phase.CONFLICT || kind != conflict) conflictSince = now;
    phase = Phase.CONFLICT;
    conflict = kind;
    conflictAnswers++;
    boolean remove =
        kind == TelegramApi.Conflict.WEBHOOK_SET && services.settings().removeStrayWebhook();
    detail = conflictDetail(kind, cmd.failure().description(), remove);
    warnings.put(
        "conflict",
        "CONFLICT since "
            + conflictSince
            + ": "
            + detail
            + " ("
            + conflictAnswers
            + " answers 409 since the gateway started)");
    Instant logged = conflictLogged.get(kind);
    if (logged == null || !now.isBefore(logged.plus(CONFLICT_LOG_EVERY))) {
      conflictLogged.put(kind, now);
      log.warn("bot {}: {}", botId, detail);
    }
    if (remove && !removingWebhook) {
      removingWebhook = true;
      ctx.pipeToSelf(
          api.get().removeWebhook(),
          (url, error) ->
              error == null
                  ? new StrayWebhookRemoved(url, Optional.empty())
                  : new StrayWebhookRemoved("", Optional.of(TelegramApi.classify(error))));
    }
    return Effect().noReply();
  }

  static String conflictDetail(TelegramApi.Conflict kind, String description, boolean removes) {
    return switch (kind) {
      case ANOTHER_POLLER ->
          "getUpdates answers 409 \""
              + description
              + "\": another program polls this bot's token (another swarm, a copy of the bot, a"
              + " script); Telegram answers only the newest poll, so stop the other one";
      case WEBHOOK_SET ->
          "getUpdates answers 409 \""
              + description
              + "\": a webhook is set on this bot while it polls; "
              + (removes
                  ? "the gateway deletes it (botswarm.telegram.remove-stray-webhook = on)"
                  : "delete it (deleteWebhook), or set botswarm.telegram.remove-stray-webhook = on");
      case OTHER -> "getUpdates answers 409 \"" + description + "\"";
    };
  }

  private ReplyEffect<Event, State> onPollsAnswered(State state, PollsAnswered cmd) {
    if (phase != Phase.CONFLICT) return Effect().noReply();
    Instant now = services.clock().instant();
    log.info("bot {}: getUpdates is answered again, the conflict is over", botId);
    warnings.put(
        "conflict",
        "a getUpdates conflict ended at " + now + " (it began " + conflictSince + "): " + detail,
        now.plus(REMEMBERED));
    phase = Phase.POLLING;
    detail = "";
    conflict = null;
    return drain();
  }

  private ReplyEffect<Event, State> onStrayWebhookRemoved(State state, StrayWebhookRemoved cmd) {
    removingWebhook = false;
    Instant now = services.clock().instant();
    if (cmd.failure().isPresent()) {
      // The next 409 tries again.
      log.warn(
          "bot {}: the webhook set on it could not be deleted: {}", botId, cmd.failure().get());
      return Effect().noReply();
    }
    String line =
        "deleted a webhook "
            + (cmd.url().isEmpty() ? "" : "(" + Redaction.redact(cmd.url()) + ") ")
            + "set on this polling bot at "
            + now
            + " (botswarm.telegram.remove-stray-webhook = on); something else may set it again";
    log.warn("bot {}: {}", botId, line);
    warnings.put("webhook", line, now.plus(REMEMBERED));
    return Effect().noReply();
  }

  /** Its poller stopped: whatever conflict it had is no longer this gateway's. */
  private void endConflict() {
    conflict = null;
    warnings.remove("conflict");
  }

  /**
   * Privacy mode (getMe's {@code can_read_all_group_messages} false): logged as a warning, in the
   * status and the node's gauge of such bots.
   */
  private void privacyMode(boolean readsAllGroupMessages) {
    SwarmMetrics.privacyMode(botId, !readsAllGroupMessages);
    if (readsAllGroupMessages) {
      warnings.remove("privacy");
      return;
    }
    String line = privacyWarning(botId, username);
    log.warn("bot {}: {}", botId, line);
    warnings.put("privacy", line);
  }

  /** What an operator should know and do about a bot that has privacy mode on. */
  static String privacyWarning(String botId, String username) {
    return "privacy mode is on for bot "
        + botId
        + " (@"
        + username
        + "): in groups it hears only commands, mentions of it and replies to it (everything where"
        + " it is an administrator), so it cannot follow a conversation; to let it hear every"
        + " message, in @BotFather send /setprivacy, choose @"
        + username
        + ", Disable, then remove the bot from each group and add it again (a group applies the"
        + " setting when the bot joins)";
  }

  /**
   * Whether {@code getMe}'s answer says privacy mode is on ({@code can_read_all_group_messages}
   * false; absent: not known, taken as off).
   */
  static boolean privacyOn(User me) {
    return Boolean.FALSE.equals(me.getCanReadAllGroupMessages());
  }
}
