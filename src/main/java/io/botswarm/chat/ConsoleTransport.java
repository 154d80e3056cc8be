package io.botswarm.chat;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chat on the console: messages are printed, one a line, with the chat's title and the bot's
 * handle, and numbered as Telegram numbers them (one sequence per chat, shared with the people who
 * post). For the demo and for nodes that run without Telegram.
 */
public final class ConsoleTransport implements ChatTransport {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintWriter out;
  private final Map<String, AtomicLong> ids = new ConcurrentHashMap<>();
  private final Map<String, String> titles = new ConcurrentHashMap<>();
  private final Map<String, String> handles = new ConcurrentHashMap<>();

  public ConsoleTransport(PrintWriter out) {
    this.out = out;
  }

  /** Names to print instead of ids. */
  public void name(ChatSettings chat, String chatId) {
    titles.put(chatId, chat.title());
    chat.members().forEach(m -> handles.put(m.botId(), m.handle()));
  }

  /** The next message id of a chat, for a message a person posts. */
  public long nextMessageId(String chatId) {
    return ids.computeIfAbsent(chatId, c -> new AtomicLong()).incrementAndGet();
  }

  /** Prints what a person posted. */
  public void printHuman(String chatId, long messageId, String speaker, String text) {
    print(chatId, messageId, speaker, text, "");
  }

  /**
   * Prints a message posted elsewhere (a chat of the sandbox), as this transport prints its own.
   */
  public void show(
      String chatId, long messageId, String speaker, String text, Optional<Long> replyTo) {
    print(chatId, messageId, speaker, text, replyTo.map(r -> " ↩" + r).orElse(""));
  }

  /** Prints a line about the chat that is not a message (a draft held back). */
  public synchronized void note(String chatId, String text) {
    out.printf(
        "%s [%s] (%s)%n",
        LocalTime.now(ZoneId.systemDefault()).format(TIME),
        titles.getOrDefault(chatId, chatId),
        text);
    out.flush();
  }

  @Override
  public void held(String chatId, String botId, String verdict, String detail) {
    note(chatId, "@" + handles.getOrDefault(botId, botId) + "'s draft " + verdict + ": " + detail);
  }

  @Override
  public CompletionStage<Outcome> send(Outgoing message) {
    long id = nextMessageId(message.chatId());
    show(
        message.chatId(),
        id,
        "@" + handles.getOrDefault(message.botId(), message.botId()),
        message.text(),
        message.replyToMessageId());
    return CompletableFuture.completedFuture(new Sent(id));
  }

  private synchronized void print(String chatId, long id, String who, String text, String reply) {
    out.printf(
        "%s [%s #%d%s] %s: %s%n",
        LocalTime.now(ZoneId.systemDefault()).format(TIME),
        titles.getOrDefault(chatId, chatId),
        id,
        reply,
        who,
        text);
    out.flush();
  }
}
