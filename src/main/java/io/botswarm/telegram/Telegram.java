package io.botswarm.telegram;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Telegram on a node: the gateways of the tokens this node has, woken now and every half minute
 * (sharding runs each one once in the cluster, wherever it lands; one whose name is no bot of the
 * swarm leaves again at once, and one whose bot was removed stops polling), the webhook endpoint in
 * webhook mode, and the transport its coordinators post through. Gateways of bots whose definitions
 * name their token ({@code token: {env: NAME}}) are woken by {@link #wake} when a definition
 * applies them, and come back by themselves after restarts (sharding remembers them).
 */
public final class Telegram {

  private static final Duration WAKE_EVERY = Duration.ofSeconds(30);

  private Telegram() {}

  /**
   * Starts Telegram when {@link TelegramSettings#enabled} says so: {@code on}, or {@code auto} and
   * the node has tokens by bot id or a token file; empty otherwise (the caller's transport is used
   * then).
   *
   * @param owned what the node closes when it stops
   */
  public static Optional<ChatTransport> start(
      ActorSystem<?> system,
      BotTokens tokens,
      TelegramSettings settings,
      List<AutoCloseable> owned) {
    if (!runs(settings.enabled(), tokens)) return Optional.empty();
    var config = system.settings().config();
    var http = TelegramApi.httpClient(settings.callTimeout());
    owned.add(
        () -> {
          http.dispatcher().cancelAll();
          http.dispatcher().executorService().shutdown();
          http.connectionPool().evictAll();
        });
    var inbound = new Inbound(new ChatClient(system));
    // One per node: what gateways, the endpoint and the transport resolve here, they share.
    var lookup = TokenLookup.create(system, tokens);
    TelegramGateway.init(
        system,
        new TelegramGateway.Services(lookup, settings, http, inbound, Clock.systemUTC()),
        config.getInt("botswarm.bot.snapshot-every"));
    if (settings.mode() == TelegramSettings.Mode.WEBHOOK)
      owned.add(WebhookEndpoint.start(system, settings.webhook(), lookup, inbound));
    system
        .scheduler()
        .scheduleAtFixedRate(
            Duration.ZERO,
            WAKE_EVERY,
            () -> {
              // A plain wake: gateways that run ask nobody, so their bots may passivate.
              tokens.botIds().forEach(id -> tell(system, id, TelegramGateway.Wake.INSTANCE));
              lookup.resolvedIds().forEach(id -> tell(system, id, TelegramGateway.Wake.INSTANCE));
            },
            system.executionContext());
    return Optional.of(new TelegramTransport(system, lookup, settings));
  }

  /**
   * Whether a node runs Telegram: {@code on} always, {@code off} never, {@code auto} when it has a
   * token by bot id or a token file to look references up in.
   */
  static boolean runs(TelegramSettings.Enabled enabled, BotTokens tokens) {
    return switch (enabled) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> !tokens.isEmpty() || tokens.hasTokenFile();
    };
  }

  /**
   * Wakes the gateway of a bot wherever sharding runs it: it asks its bot whether it is in the
   * swarm, finds its token (the reference the bot's definition names, or by bot id) and starts, or
   * stops quietly when there is no such bot or no token; a running gateway asks again ({@link
   * TelegramGateway.Recheck}, which the periodic wake does not, so that bots passivate), and stops
   * polling when its bot is gone. Call it after registering a bot or applying an enabled one (its
   * gateway may have woken before and left), and after removing one (its gateway stops at once
   * rather than at the next periodic wake). Does nothing on a node that runs no Telegram (a console
   * node has no gateways to wake).
   */
  public static void wake(ActorSystem<?> system, String botId) {
    tell(system, botId, TelegramGateway.Recheck.INSTANCE);
  }

  private static void tell(ActorSystem<?> system, String botId, TelegramGateway.Command command) {
    var classic = akka.cluster.sharding.ClusterSharding.get(Adapter.toClassic(system));
    if (!classic.getShardTypeNames().contains(TelegramGateway.ENTITY_KEY.name())) return;
    ClusterSharding.get(system).entityRefFor(TelegramGateway.ENTITY_KEY, botId).tell(command);
  }
}
