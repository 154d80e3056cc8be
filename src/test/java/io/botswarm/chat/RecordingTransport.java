package io.botswarm.chat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transport that keeps what it was given and when, and can be told to fail, to hang or to break.
 */
final class RecordingTransport implements ChatTransport {

  enum Mode {
    SEND,
    FAIL,
    HANG,
    /** The transport itself fails: nobody knows whether the message went. */
    BREAK
  }

  record Delivery(Outgoing message, Instant at) {}

  final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong(1000);
  volatile Mode mode = Mode.SEND;

  /** What {@link Mode#FAIL} answers. */
  volatile Failed failure = new Failed("the chat was not found");

  @Override
  public CompletionStage<Outcome> send(Outgoing message) {
    deliveries.add(new Delivery(message, Instant.now()));
    return switch (mode) {
      case SEND -> CompletableFuture.completedFuture(new Sent(ids.incrementAndGet()));
      case FAIL -> CompletableFuture.completedFuture(failure);
      case HANG -> new CompletableFuture<>();
      case BREAK -> CompletableFuture.failedFuture(new IllegalStateException("connection reset"));
    };
  }

  List<Delivery> to(String chatId) {
    return deliveries.stream().filter(d -> d.message().chatId().equals(chatId)).toList();
  }
}
