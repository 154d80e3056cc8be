package io.botswarm.http;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.HandlerProvider;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.settings.ServerSettings;
import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * An akka-http server bound on a node. A port that is taken fails at start with one line naming the
 * endpoint and its address (never a bind stack trace); closing unbinds, waiting a few seconds at
 * most.
 */
public final class HttpEndpoint implements AutoCloseable {

  private final ServerBinding binding;

  private HttpEndpoint(ServerBinding binding) {
    this.binding = binding;
  }

  /**
   * @param what the endpoint, for the error message ("the read API")
   */
  public static HttpEndpoint bind(
      ActorSystem<?> system, String what, String host, int port, HandlerProvider handler) {
    return bind(system, what, host, port, handler, Optional.empty());
  }

  /**
   * As {@link #bind(ActorSystem, String, String, int, HandlerProvider)} for an endpoint whose
   * answers may take longer than akka-http's 20 s: the request timeout is raised to {@code
   * answerWithin}, and the connection's idle timeout above it (an idle timeout would otherwise
   * reset the connection of a request still being worked on).
   */
  public static HttpEndpoint bind(
      ActorSystem<?> system,
      String what,
      String host,
      int port,
      HandlerProvider handler,
      Duration answerWithin) {
    return bind(system, what, host, port, handler, Optional.of(answerWithin));
  }

  private static HttpEndpoint bind(
      ActorSystem<?> system,
      String what,
      String host,
      int port,
      HandlerProvider handler,
      Optional<Duration> answerWithin) {
    var server = Http.get(system).newServerAt(host, port);
    if (answerWithin.isPresent()) {
      long ms = answerWithin.get().toMillis();
      server =
          server.withSettings(
              ServerSettings.create(
                  ConfigFactory.parseMap(
                          Map.of(
                              "akka.http.server.request-timeout", ms + "ms",
                              "akka.http.server.idle-timeout", (ms + 30_000) + "ms"))
                      .withFallback(system.settings().config())));
    }
    try {
      return new HttpEndpoint(
          server.bind(handler).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          what
              + " cannot listen on "
              + host
              + ":"
              + port
              + ": "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
    }
  }

  /**
   * Whether a listener on {@code host} is reachable from this machine only. A name that does not
   * resolve counts as reachable from elsewhere: the rules that guard exposed listeners then apply.
   */
  public static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The port bound: the one asked for, or the one the system chose for 0. */
  public int port() {
    return binding.localAddress().getPort();
  }

  /** Unbinds, waiting up to 5 s; a listener that will not go is left to the JVM. */
  @Override
  public void close() {
    awaitUnbound(binding.unbind());
  }

  /** Waits up to 5 s for an unbinding (of any akka listener, HTTP or TCP) to finish. */
  public static void awaitUnbound(CompletionStage<?> unbinding) {
    unbinding.toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }
}
