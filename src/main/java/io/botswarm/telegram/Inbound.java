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
 * the batch is then delivered again (coordinators drop what they already have). A bot added to a
 * group is reported to that chat's coordinator, which records the chat as pending unless the swarm
 * runs it.
 */
public final class Inbound {

  private static final Logger log = LoggerFactory.getLogger(Inbound.class);

  private final ChatClient chats;

  public Inbound(ChatClient chats) {
    this.chats = chats;
  }

  public CompletionStage<Done> deliver(String botId, List<Update> updates) {
    Map<String, List<UpdateMapper.Mapped>> byChat = new LinkedHashMap<>();
    for (Update u : updates) {
      var mapped = UpdateMapper.map(u);
      if (mapped instanceof UpdateMapper.ForChat f)
        byChat.computeIfAbsent(f.chatId(), c -> new ArrayList<>()).add(f);
      else if (mapped instanceof UpdateMapper.AddedToGroup a)
        byChat.computeIfAbsent(a.chatId(), c -> new ArrayList<>()).add(a);
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
      for (var item : chat)
        chain =
            chain.thenCompose(
                d ->
                    item instanceof UpdateMapper.AddedToGroup added
                        ? discover(botId, added)
                        : receive(botId, (UpdateMapper.ForChat) item));
      all.add(chain.toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(v -> Done.getInstance());
  }

  private CompletionStage<Done> receive(String botId, UpdateMapper.ForChat m) {
    return settled(
        chats.receive(m.chatId(), m.message().receivedBy(botId)),
        "bot " + botId + " message " + m.message().messageId() + " of chat " + m.chatId());
  }

  private CompletionStage<Done> discover(String botId, UpdateMapper.AddedToGroup added) {
    return settled(
        chats.discover(added.chatId(), added.title(), botId),
        "bot " + botId + " added to chat " + added.chatId());
  }

  /** Done when the coordinator took it or refused it for good; failed when it was not reached. */
  private static CompletionStage<Done> settled(CompletionStage<?> asked, String what) {
    return asked.handle(
        (answer, error) -> {
          if (error == null) return Done.getInstance();
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          if (cause instanceof StatusReply.ErrorMessage refusal) {
            log.warn("{} skipped: {}", what, refusal.getMessage());
            return Done.getInstance();
          }
          throw new CompletionException(cause);
        });
  }
}
