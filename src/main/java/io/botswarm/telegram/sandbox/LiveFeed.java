package io.botswarm.telegram.sandbox;

import akka.NotUsed;
import akka.japi.Pair;
import akka.stream.Materializer;
import akka.stream.OverflowStrategy;
import akka.stream.javadsl.Source;
import akka.stream.javadsl.SourceQueueWithComplete;
import akka.util.ByteString;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The page's live view: every event of the sandbox as a server-sent event to every open page. Each
 * page has a buffer of its own; a page that falls behind loses its oldest events, not the others.
 */
final class LiveFeed {

  private final Materializer materializer;
  private final Set<SourceQueueWithComplete<ByteString>> pages = ConcurrentHashMap.newKeySet();
  private final List<Consumer<ObjectNode>> listeners = new CopyOnWriteArrayList<>();

  LiveFeed(Materializer materializer) {
    this.materializer = materializer;
  }

  void publish(ObjectNode event) {
    listeners.forEach(l -> l.accept(event));
    ByteString frame = ByteString.fromString("data: " + event + "\n\n");
    for (var page : pages) page.offer(frame);
  }

  /** The stream of one page, with a comment line every 15 s so that proxies keep it open. */
  Source<ByteString, NotUsed> subscribe() {
    Pair<SourceQueueWithComplete<ByteString>, Source<ByteString, NotUsed>> queue =
        Source.<ByteString>queue(1024, OverflowStrategy.dropHead()).preMaterialize(materializer);
    pages.add(queue.first());
    queue.first().watchCompletion().whenComplete((done, error) -> pages.remove(queue.first()));
    return Source.single(ByteString.fromString(": connected\n\n"))
        .concat(queue.second())
        .keepAlive(Duration.ofSeconds(15), () -> ByteString.fromString(": keep-alive\n\n"));
  }

  /** Every event also goes to {@code listener} (the demo prints the chats on the console). */
  void listen(Consumer<ObjectNode> listener) {
    listeners.add(listener);
  }

  void close() {
    pages.forEach(SourceQueueWithComplete::complete);
  }
}
