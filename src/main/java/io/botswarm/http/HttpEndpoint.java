package io.botswarm.http;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.HandlerProvider;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
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
    try {
      return new HttpEndpoint(
          Http.get(system)
              .newServerAt(host, port)
              .bind(handler)
              .toCompletableFuture()
              .orTimeout(10, TimeUnit.SECONDS)
              .join());
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
