package io.botswarm.cluster;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.management.cluster.bootstrap.ClusterBootstrap;
import akka.management.javadsl.AkkaManagement;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.botswarm.admin.AdminApi;
import io.botswarm.admin.AdminSettings;
import io.botswarm.admin.SwarmAdmin;
import io.botswarm.api.ApiSettings;
import io.botswarm.api.HistoryApi;
import io.botswarm.bot.Bot;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.BotSettings;
import io.botswarm.chat.ChatCoordinator;
import io.botswarm.chat.ChatCoordinatorSettings;
import io.botswarm.chat.ChatServices;
import io.botswarm.chat.ChatTransport;
import io.botswarm.chat.ConsoleTransport;
import io.botswarm.generation.DraftService;
import io.botswarm.metrics.Metrics;
import io.botswarm.metrics.MetricsSettings;
import io.botswarm.metrics.StateGauges;
import io.botswarm.readmodel.ArchiveSchedule;
import io.botswarm.readmodel.ReadModel;
import io.botswarm.store.DatabaseSettings;
import io.botswarm.store.Databases;
import io.botswarm.store.SchemaMigrations;
import io.botswarm.store.embedded.LocalPostgres;
import io.botswarm.telegram.BotTokens;
import io.botswarm.telegram.Telegram;
import io.botswarm.telegram.TelegramSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One swarm node: its database (the configured primary, or the embedded one), the schema brought up
 * to date, the actor system in the cluster, and every entity type registered with sharding. {@link
 * #start} returns once this node is an Up member.
 */
public final class SwarmNode {

  public static final String SYSTEM_NAME = "botswarm";

  private final ActorSystem<Void> system;
  private final String databaseUrl;
  private final Optional<LocalPostgres> embedded;
  private final Databases databases;
  private final List<AutoCloseable> owned;
  private DraftService drafts;
  private SwarmAdmin admin;

  private SwarmNode(
      ActorSystem<Void> system,
      String databaseUrl,
      Optional<LocalPostgres> embedded,
      Databases databases,
      List<AutoCloseable> owned) {
    this.system = system;
    this.databaseUrl = databaseUrl;
    this.embedded = embedded;
    this.databases = databases;
    this.owned = owned;
  }

  /** Where this node serves its metrics, when it does. */
  public java.util.Optional<String> metricsUrl() {
    var settings = MetricsSettings.fromConfig(system.settings().config());
    return settings.enabled() ? java.util.Optional.of(settings.url()) : java.util.Optional.empty();
  }

  /** Where this node serves its read API (chat history, bots), when it does. */
  public Optional<String> apiUrl() {
    var settings = ApiSettings.fromConfig(system.settings().config());
    return settings.enabled() ? Optional.of(settings.url()) : Optional.empty();
  }

  /** Where this node serves its admin API (apply, export, enable, disable), when it does. */
  public Optional<String> adminUrl() {
    var settings = AdminSettings.fromConfig(system.settings().config());
    return settings.enabled() ? Optional.of(settings.url()) : Optional.empty();
  }

  /** Plans, applies and exports swarm definitions through this node's entities. */
  public SwarmAdmin admin() {
    return admin;
  }

  /** Where Akka Management answers (health, members, shards), when it runs. */
  public java.util.Optional<String> managementUrl() {
    var config = system.settings().config();
    if (!config.getBoolean("botswarm.management.enabled")) return java.util.Optional.empty();
    return java.util.Optional.of(
        "http://"
            + config.getString("akka.management.http.hostname")
            + ":"
            + config.getInt("akka.management.http.port"));
  }

  /** How this node's bots write: the one generator (and LLM queue) of the node. */
  public DraftService drafts() {
    return drafts;
  }

  /** The read side's pools: the primary's and the replicas'. */
  public Databases databases() {
    return databases;
  }

  /**
   * Starts a node from an unresolved configuration ({@link NodeConfig#load}). Bad settings fail
   * here with a {@code ConfigException} naming the key, before anything is started.
   */
  /** As {@link #start(Config, Duration, Function)}, with chats shown on the console. */
  public static SwarmNode start(Config unresolved, Duration joinTimeout) {
    return start(
        unresolved, joinTimeout, system -> new ConsoleTransport(new PrintWriter(System.out, true)));
  }

  /**
   * @param transport where this node's chat coordinators post admitted messages when the node runs
   *     no Telegram ({@code botswarm.telegram.enabled})
   */
  public static SwarmNode start(
      Config unresolved, Duration joinTimeout, Function<ActorSystem<?>, ChatTransport> transport) {
    return start(unresolved, joinTimeout, transport, System.getenv());
  }

  /**
   * @param environment where token references {@code env:NAME} and {@code
   *     SWARM_TELEGRAM_TOKEN_<BOT_ID>} are looked up: the process's environment, or a test's
   */
  public static SwarmNode start(
      Config unresolved,
      Duration joinTimeout,
      Function<ActorSystem<?>, ChatTransport> transport,
      Map<String, String> environment) {
    Config checked = unresolved.resolve();
    DatabaseSettings db = DatabaseSettings.fromConfig(checked);
    BotSettings.fromConfig(checked.getConfig("botswarm.bot"));
    var telegram = TelegramSettings.fromConfig(checked);
    var tokens = BotTokens.load(checked.getConfig("botswarm.telegram"), environment);
    checkBootstrap(checked);
    // Listeners refused on an exposed address without a token stop the node before anything runs.
    ApiSettings.fromConfig(checked);
    AdminSettings.fromConfig(checked);

    // Closed in reverse order when the node stops: read pools, then the replica, then the primary.
    List<AutoCloseable> owned = new ArrayList<>();
    Optional<LocalPostgres> embedded = db.startEmbeddedIfNeeded();
    embedded.ifPresent(owned::add);
    try {
      String url = db.url().orElseGet(() -> embedded.get().jdbcUrl());
      List<String> readUrls = db.readUrls();
      if (readUrls.isEmpty() && embedded.isPresent() && db.embeddedReplica()) {
        var replica =
            embedded.get().startReplica("replica", db.embeddedReplicaPort(), db.embeddedDurable());
        owned.add(replica);
        readUrls = List.of(replica.jdbcUrl());
      }
      SchemaMigrations.migrate(url, db.user(), db.password());
      Config config =
          ConfigFactory.parseMap(Map.of("botswarm.db.url", url)).withFallback(unresolved).resolve();
      int projectionPool =
          config.getInt(
              "akka.projection.jdbc.blocking-jdbc-dispatcher.thread-pool-executor.fixed-pool-size");
      MetricsSettings metrics = MetricsSettings.fromConfig(config);
      var databases = Databases.create(url, readUrls, db, projectionPool, metrics.enabled());
      owned.add(databases);
      // Before the actor system, so that the agent's Akka instrumentation sees it start.
      if (Metrics.start(config, metrics)) owned.add(Metrics::stop);
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
      if (metrics.enabled())
        owned.add(StateGauges.start(system, databases, metrics.pollEvery(), ReadModel.TAGS));
      var node = new SwarmNode(system, url, embedded, databases, owned);
      try {
        node.wire(transport, tokens, telegram, owned);
      } catch (RuntimeException e) {
        // A port that is taken (webhook, read API): stop the actor system before the databases.
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        throw e;
      }
      node.awaitUp(joinTimeout);
      return node;
    } catch (RuntimeException e) {
      closeAll(owned);
      throw e;
    }
  }

  /**
   * Bootstrap probes the other nodes over Akka Management's HTTP, and quietly steps aside when seed
   * nodes are set: both mistakes are caught here, at start, rather than seen as a node that never
   * joins or joins other nodes than meant.
   */
  private static void checkBootstrap(Config config) {
    if (!config.getBoolean("botswarm.management.bootstrap")) return;
    if (!config.getBoolean("botswarm.management.enabled"))
      throw new ConfigException.BadValue(
          "botswarm.management.bootstrap",
          "needs botswarm.management.enabled = on (contact points are probed over its HTTP)");
    if (!config.getList("akka.cluster.seed-nodes").isEmpty())
      throw new ConfigException.BadValue(
          "botswarm.management.bootstrap",
          "needs akka.cluster.seed-nodes = [] (bootstrap does nothing when seeds are set)");
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting and the hook is running or about to: it does the same work.
    }
  }

  private static synchronized void closeAll(List<AutoCloseable> owned) {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        // Best effort on the way down; the server logs say more.
      }
    }
    owned.clear();
  }

  /** Whether this node finds the token a definition's reference names (never reads it out). */
  private static boolean resolves(BotTokens tokens, String ref) {
    try {
      return tokens.resolve("", ref).isPresent();
    } catch (IllegalArgumentException badlyShaped) {
      return false;
    }
  }

  /** Registers every entity type; the only place that knows them all. */
  private void wire(
      Function<ActorSystem<?>, ChatTransport> fallback,
      BotTokens tokens,
      TelegramSettings telegram,
      List<AutoCloseable> owned) {
    Bot.init(system);
    drafts = DraftService.create(system, databases.primary());
    // Telegram when botswarm.telegram.enabled says so, else the caller's transport (the console, a
    // test's).
    ChatTransport transport =
        Telegram.start(system, tokens, telegram, owned).orElseGet(() -> fallback.apply(system));
    ChatCoordinator.init(
        system, new ChatServices(transport, drafts, new BotClient(system), Clock.systemUTC()));
    ReadModel.init(system, databases.primary());
    var api = ApiSettings.fromConfig(system.settings().config());
    if (api.enabled()) owned.add(HistoryApi.start(system, databases, api));
    admin =
        new SwarmAdmin(
            system,
            ref -> resolves(tokens, ref.ref()),
            ChatCoordinatorSettings.create(system).limits(),
            system.settings().config().getDuration("botswarm.admin.ask-timeout"));
    var adminSettings = AdminSettings.fromConfig(system.settings().config());
    if (adminSettings.enabled()) owned.add(AdminApi.start(system, admin, adminSettings));
    ArchiveSchedule.init(system, databases.primary(), Clock.systemUTC());
    // The database servers stop only once the actor system is down: the journal's own pool lives
    // until then. A JVM shutdown hook waits for it, so that Ctrl-C and SIGTERM stop them too.
    Runnable stopAll = () -> closeAll(owned);
    system.getWhenTerminated().thenRun(stopAll);
    Thread hook =
        new Thread(
            () -> {
              system.getWhenTerminated().toCompletableFuture().join();
              stopAll.run();
            },
            "botswarm-stop-databases");
    Runtime.getRuntime().addShutdownHook(hook);
    system.getWhenTerminated().thenRun(() -> removeHook(hook));
    Config config = system.settings().config();
    if (config.getBoolean("botswarm.management.enabled"))
      AkkaManagement.get(Adapter.toClassic(system)).start();
    Cluster cluster = Cluster.get(system);
    if (config.getBoolean("botswarm.management.bootstrap")) {
      // Pods come and go with new addresses, so there are no seeds to name: bootstrap discovers
      // the others, joins the cluster they report, or forms one with them when there is none.
      try {
        ClusterBootstrap.get(Adapter.toClassic(system)).start();
      } catch (Exception e) {
        // Its discovery starts here: the Kubernetes API's fails at once outside a pod (no
        // service account files), with a checked exception that would skip the clean-up.
        terminate();
        throw new IllegalStateException(
            "cluster bootstrap could not start its discovery ("
                + config.getString(
                    "akka.management.cluster.bootstrap.contact-point-discovery.discovery-method")
                + "): "
                + e,
            e);
      }
    } else if (config.getList("akka.cluster.seed-nodes").isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  private void awaitUp(Duration timeout) {
    var up = new CompletableFuture<Done>();
    akka.cluster.Cluster.get(Adapter.toClassic(system))
        .registerOnMemberUp(() -> up.complete(Done.getInstance()));
    try {
      up.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      Config config = system.settings().config();
      String hint =
          config.getBoolean("botswarm.management.bootstrap")
              ? "did cluster bootstrap discover "
                  + config.getInt(
                      "akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr")
                  + " contact points? (its log says what it found)"
              : "are the seed nodes "
                  + config.getStringList("akka.cluster.seed-nodes")
                  + " running?";
      terminate();
      throw new IllegalStateException(
          "node "
              + address()
              + " did not join the cluster within "
              + timeout.toSeconds()
              + " s: "
              + hint);
    } catch (Exception e) {
      terminate();
      throw new IllegalStateException(
          "node " + address() + " could not join: " + e.getMessage(), e);
    }
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public String address() {
    return Cluster.get(system).selfMember().address().toString();
  }

  public String databaseUrl() {
    return databaseUrl;
  }

  public Optional<LocalPostgres> embeddedDatabase() {
    return embedded;
  }

  /** Leaves the cluster and stops everything this node started; returns when it is all down. */
  public void terminate() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
    closeAll(owned);
  }
}
