package io.botswarm.telegram;

import akka.Done;
import akka.pattern.StatusReply;
import io.botswarm.chat.ChatClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
 * runs it; whether the bot may post there (added back, or kicked, removed, restricted) goes to the
 * coordinator too, in order with the chat's messages. A group upgraded to a supergroup is moved to
 * the new id in the new chat's order, after the group's own messages of the batch, so that those
 * are taken in before the group moves and the supergroup's messages after the upgrade reach a
 * coordinator that already took the chat over.
 */
public final class Inbound {

  private static final Logger log = LoggerFactory.getLogger(Inbound.class);

  private final ChatClient chats;

  public Inbound(ChatClient chats) {
    this.chats = chats;
  }

  /**
   * Tells each of {@code chatIds} that Telegram's flood control holds {@code botId} over all its
   * chats until {@code until}, so that none asks it for a draft that could not be posted.
   */
  public void botFlooded(Collection<String> chatIds, String botId, Instant until) {
    chatIds.forEach(chatId -> chats.botFlooded(chatId, botId, until));
  }

  public CompletionStage<Done> deliver(String botId, List<Update> updates) {
    Map<String, List<UpdateMapper.Mapped>> byChat = new LinkedHashMap<>();
    for (Update u : updates) {
      var mapped = UpdateMapper.map(u);
      if (mapped instanceof UpdateMapper.ForChat f)
        byChat.computeIfAbsent(f.chatId(), c -> new ArrayList<>()).add(f);
      else if (mapped instanceof UpdateMapper.AddedToGroup a)
        byChat.computeIfAbsent(a.chatId(), c -> new ArrayList<>()).add(a);
      else if (mapped instanceof UpdateMapper.Migrated m)
        // In the new chat's chain: its messages after this one wait until it took the chat over.
        byChat.computeIfAbsent(m.toChatId(), c -> new ArrayList<>()).add(m);
      else if (mapped instanceof UpdateMapper.MayNotPost n)
        byChat.computeIfAbsent(n.chatId(), c -> new ArrayList<>()).add(n);
      else
        log.debug(
            "bot {} update {} ignored: {}",
            botId,
            u.getUpdateId(),
            ((UpdateMapper.Ignored) mapped).why());
    }
    Map<String, CompletableFuture<Done>> chains = new LinkedHashMap<>();
    for (var chat : byChat.entrySet()) {
      CompletionStage<Done> chain = CompletableFuture.completedFuture(Done.getInstance());
      for (var item : chat.getValue()) {
        // A group's upgrade waits for the group's own messages of the batch: they came before it.
        if (item instanceof UpdateMapper.Migrated m && chains.containsKey(m.fromChatId()))
          chain = chain.thenCombine(chains.get(m.fromChatId()), (mine, group) -> mine);
        chain =
            chain.thenCompose(
                d -> {
                  if (item instanceof UpdateMapper.AddedToGroup added)
                    return discover(botId, added);
                  if (item instanceof UpdateMapper.MayNotPost barred)
                    return mayNotPost(botId, barred);
                  if (item instanceof UpdateMapper.Migrated migrated)
                    return migrate(botId, migrated);
                  return receive(botId, (UpdateMapper.ForChat) item);
                });
      }
      chains.put(chat.getKey(), chain.toCompletableFuture());
    }
    return CompletableFuture.allOf(chains.values().toArray(CompletableFuture[]::new))
        .thenApply(v -> Done.getInstance());
  }

  private CompletionStage<Done> receive(String botId, UpdateMapper.ForChat m) {
    return settled(
        chats.receive(m.chatId(), m.message().receivedBy(botId)),
        "bot " + botId + " message " + m.message().messageId() + " of chat " + m.chatId());
  }

  /** A chat the swarm does not run becomes pending; one it runs asks the bot for drafts again. */
  private CompletionStage<Done> discover(String botId, UpdateMapper.AddedToGroup added) {
    String what = "bot " + botId + " added to chat " + added.chatId();
    return settled(chats.discover(added.chatId(), added.title(), botId), what)
        .thenCompose(
            d -> settled(chats.postingChanged(added.chatId(), botId, true, "the bot is in"), what));
  }

  private CompletionStage<Done> mayNotPost(String botId, UpdateMapper.MayNotPost barred) {
    return settled(
        chats.postingChanged(barred.chatId(), botId, false, barred.why()),
        "bot " + botId + " barred from chat " + barred.chatId());
  }

  private CompletionStage<Done> migrate(String botId, UpdateMapper.Migrated m) {
    return settled(
        chats.migrate(m.fromChatId(), m.toChatId()),
        "bot " + botId + ": chat " + m.fromChatId() + " upgraded to " + m.toChatId());
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
