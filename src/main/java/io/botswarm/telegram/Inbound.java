package io.botswarm.telegram;

import akka.Done;
import akka.pattern.StatusReply;
import io.botswarm.chat.ChatClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Hands updates to chat coordinators, in order within a chat and chats side by side. It completes
 * once every coordinator has taken its messages or refused them for good (an unconfigured chat, a
 * message without text: logged and skipped); it fails when a coordinator could not be reached, and
 * the batch is then delivered again (coordinators drop what they already have).
 */
public final class Inbound {

  private static final Logger log = LoggerFactory.getLogger(Inbound.class);

  private final ChatClient chats;

  public Inbound(ChatClient chats) {
    this.chats = chats;
  }

  public CompletionStage<Done> deliver(String botId, List<Update> updates) {
    Map<String, List<UpdateMapper.ForChat>> byChat = new LinkedHashMap<>();
    for (Update u : updates) {
      var mapped = UpdateMapper.map(u);
      if (mapped instanceof UpdateMapper.ForChat f)
        byChat.computeIfAbsent(f.chatId(), c -> new ArrayList<>()).add(f);
      else
        log.debug(
            "bot {} update {} ignored: {}",
            botId,
            u.getUpdateId(),
            ((UpdateMapper.Ignored) mapped).why());
    }
    List<CompletableFuture<Done>> all = new ArrayList<>();
    for (var chat : byChat.values()) {
      CompletionStage<Done> chain = CompletableFuture.completedFuture(Done.getInstance());
      for (var message : chat) chain = chain.thenCompose(d -> receive(botId, message));
      all.add(chain.toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(v -> Done.getInstance());
  }

  private CompletionStage<Done> receive(String botId, UpdateMapper.ForChat m) {
    return chats
        .receive(m.chatId(), m.message())
        .handle(
            (receipt, error) -> {
              if (error == null) return Done.getInstance();
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              if (cause instanceof StatusReply.ErrorMessage refusal) {
                log.warn(
                    "bot {} message {} of chat {} skipped: {}",
                    botId,
                    m.message().messageId(),
                    m.chatId(),
                    refusal.getMessage());
                return Done.getInstance();
              }
              throw new CompletionException(cause);
            });
  }
}
