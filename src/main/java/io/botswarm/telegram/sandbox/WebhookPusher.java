package io.botswarm.telegram.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Telegram's side of a webhook: a bot's updates are POSTed one at a time, in order, with the secret
 * in {@code X-Telegram-Bot-Api-Secret-Token}; an update leaves the queue only when the webhook
 * answers 2xx, else it is tried again a second later.
 */
final class WebhookPusher {

  private static final Duration RETRY = Duration.ofSeconds(1);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final BiConsumer<Duration, Runnable> scheduler;
  private SandboxWorld world;

  WebhookPusher(BiConsumer<Duration, Runnable> scheduler) {
    this.scheduler = scheduler;
  }

  void attach(SandboxWorld world) {
    this.world = world;
  }

  /** New updates (or a new webhook) for the bot: push unless a push is already under way. */
  void kick(String username) {
    if (busy.add(username)) pushNext(username);
  }

  private void pushNext(String username) {
    var next = world.nextPush(username);
    if (next.isEmpty()) {
      busy.remove(username);
      // An update queued between the look and the release would wait for the next kick.
      if (world.nextPush(username).isPresent()) kick(username);
      return;
    }
    var webhook = next.get().getKey();
    var update = next.get().getValue();
    long updateId = update.path("update_id").asLong();
    var request =
        HttpRequest.newBuilder(URI.create(webhook.url()))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json");
    webhook.secret().ifPresent(s -> request.header("X-Telegram-Bot-Api-Secret-Token", s));
    http.sendAsync(
            request.POST(HttpRequest.BodyPublishers.ofString(update.toString())).build(),
            HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              Optional<String> failure =
                  error != null
                      ? Optional.of("Connection failed: " + error.getClass().getSimpleName())
                      : response.statusCode() / 100 == 2
                          ? Optional.empty()
                          : Optional.of(
                              "Wrong response from the webhook: " + response.statusCode());
              world.pushed(username, updateId, failure);
              if (failure.isEmpty()) pushNext(username);
              else scheduler.accept(RETRY, () -> pushNext(username));
            });
  }
}
