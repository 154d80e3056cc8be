package io.botswarm.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChat;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatMember;
import org.telegram.telegrambots.meta.api.methods.updates.GetWebhookInfo;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.WebhookInfo;
import org.telegram.telegrambots.meta.api.objects.chat.ChatFullInfo;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMember;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberAdministrator;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberBanned;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberLeft;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberMember;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberOwner;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberRestricted;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * A first run on real Telegram, checked before the swarm starts: for every bot, that its token is
 * there and live, that it is the bot the definition names, its privacy mode and its webhook against
 * the swarm's mode; for every chat, that each member bot sees the group and may send to it. Every
 * finding is a {@link Row} with what to do about it; a token or network problem is a row too, never
 * an exception. Tokens never appear: rows name the reference and where it was looked up. One {@link
 * #run} at a time.
 */
public final class TelegramCheck {

  public enum Result {
    OK,
    WARN,
    FAIL
  }

  /**
   * @param check what was looked at: token, getMe, username, privacy, webhook, chat, member
   * @param subject the bot id, or the chat id and the bot id
   * @param whatToDo empty when there is nothing to do
   */
  public record Row(String check, String subject, Result result, String detail, String whatToDo) {}

  /**
   * @param api the Bot API's address, {@code scheme://host[:port]}
   * @param webhookUrl in webhook mode, the swarm's public URL: a bot's webhook is {@code
   *     <webhookUrl>/telegram/<bot id>} (as the gateway sets it)
   */
  public record Options(
      URI api, TelegramSettings.Mode mode, String webhookUrl, Duration callTimeout) {
    public Options {
      webhookUrl = webhookUrl == null ? "" : webhookUrl.replaceAll("/+$", "");
      if (mode == TelegramSettings.Mode.WEBHOOK && webhookUrl.isBlank())
        throw new IllegalArgumentException(
            "webhook mode needs the swarm's public URL (--webhook-url or SWARM_TELEGRAM_WEBHOOK_URL)");
      if (api.getScheme() == null || api.getHost() == null)
        throw new IllegalArgumentException(
            "the Bot API address is scheme://host[:port], like https://api.telegram.org, not "
                + api);
    }
  }

  /** The rows in order: bots first, then chats. */
  public record Report(List<Row> rows) {
    public Report {
      rows = List.copyOf(rows);
    }

    /** Something stops the swarm from working: a FAIL row. */
    public boolean blocked() {
      return rows.stream().anyMatch(r -> r.result() == Result.FAIL);
    }

    /** 1 when anything blocks the swarm, else 0 (warnings included). */
    public int exitStatus() {
      return blocked() ? 1 : 0;
    }

    /** A table: CHECK | BOT/CHAT | RESULT | WHAT TO DO. */
    public String table() {
      List<String[]> lines = new ArrayList<>();
      lines.add(new String[] {"CHECK", "BOT/CHAT", "RESULT", "WHAT TO DO"});
      for (Row r : rows)
        lines.add(
            new String[] {
              r.check(),
              r.subject(),
              r.result() + (r.detail().isEmpty() ? "" : " " + r.detail()),
              r.whatToDo()
            });
      int[] width = new int[3];
      for (String[] l : lines)
        for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], l[i].length());
      StringBuilder out = new StringBuilder();
      for (String[] l : lines) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < width.length; i++)
          line.append(String.format("%-" + width[i] + "s", l[i])).append("  ");
        line.append(l[3]);
        out.append(line.toString().stripTrailing()).append('\n');
      }
      long fails = rows.stream().filter(r -> r.result() == Result.FAIL).count();
      long warnings = rows.stream().filter(r -> r.result() == Result.WARN).count();
      out.append(
          fails > 0
              ? fails + " problem(s) block the swarm, " + warnings + " warning(s)\n"
              : "nothing blocks the swarm, " + warnings + " warning(s)\n");
      return out.toString();
    }

    /** {@code {"ok": …, "rows": [{"check", "subject", "result", "detail", "what_to_do"}]}}. */
    public ObjectNode json(ObjectMapper mapper) {
      ObjectNode root = mapper.createObjectNode();
      root.put("ok", !blocked());
      ArrayNode list = root.putArray("rows");
      for (Row r : rows) {
        ObjectNode row = list.addObject();
        row.put("check", r.check());
        row.put("subject", r.subject());
        row.put("result", r.result().name());
        row.put("detail", r.detail());
        row.put("what_to_do", r.whatToDo());
      }
      return root;
    }
  }

  /** A bot whose getMe answered: the check goes on with it. */
  private record Live(CheckTargets.Bot bot, OkHttpTelegramClient client, long userId) {}

  /** A call's answer or what went wrong. */
  private record Answer<T>(T value, TelegramApi.Failure failure) {
    boolean ok() {
      return failure == null;
    }
  }

  private final BotTokens tokens;
  private final Options options;
  private final List<Row> rows = new ArrayList<>();

  public TelegramCheck(BotTokens tokens, Options options) {
    this.tokens = tokens;
    this.options = options;
  }

  /** Checks every bot, then every chat. */
  public Report run(CheckTargets targets) {
    rows.clear();
    OkHttpClient http =
        new OkHttpClient.Builder()
            .callTimeout(options.callTimeout())
            .connectTimeout(options.callTimeout())
            .build();
    try {
      Map<String, Live> live = new LinkedHashMap<>();
      for (CheckTargets.Bot bot : targets.bots())
        checkBot(bot, http).ifPresent(l -> live.put(bot.botId(), l));
      for (CheckTargets.Chat chat : targets.chats()) checkChat(chat, targets, live);
      return new Report(rows);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private void row(String check, String subject, Result result, String detail, String whatToDo) {
    rows.add(new Row(check, subject, result, detail, whatToDo));
  }

  private Optional<Live> checkBot(CheckTargets.Bot bot, OkHttpClient http) {
    String id = bot.botId();
    String ref = bot.tokenRef() == null ? "the lookup by bot id" : bot.tokenRef();
    Optional<BotTokens.Resolved> token;
    try {
      token = tokens.resolve(id, bot.tokenRef());
    } catch (IllegalArgumentException e) {
      row(
          "token",
          id,
          Result.FAIL,
          e.getMessage(),
          "fix the token reference or the value it names");
      return Optional.empty();
    }
    if (token.isEmpty()) {
      row(
          "token",
          id,
          Result.FAIL,
          "token not found (" + ref + ")",
          "set "
              + tokens.where(id, bot.tokenRef())
              + " to the token @BotFather gave @"
              + bot.username());
      return Optional.empty();
    }
    row("token", id, Result.OK, "from " + token.get().source(), "");
    var client =
        new OkHttpTelegramClient(
            http, token.get().token(), TelegramSettings.telegramUrl(options.api()));

    Answer<User> me = call(client, new GetMe());
    if (!me.ok()) {
      TelegramApi.Failure f = me.failure();
      if (f.unauthorized())
        row(
            "getMe",
            id,
            Result.FAIL,
            "token rejected (" + f + ") for the token from " + token.get().source(),
            "copy the token of @"
                + bot.username()
                + " again from @BotFather (/mybots → @"
                + bot.username()
                + " → API Token); a revoked token stops working");
      else row("getMe", id, Result.FAIL, failed(f), reach(f));
      return Optional.empty();
    }
    User user = me.value();
    row("getMe", id, Result.OK, "@" + user.getUserName() + " (id " + user.getId() + ")", "");

    if (user.getUserName() == null || !user.getUserName().equalsIgnoreCase(bot.username()))
      row(
          "username",
          id,
          Result.FAIL,
          "the token from "
              + token.get().source()
              + " is @"
              + user.getUserName()
              + "'s, not @"
              + bot.username()
              + "'s",
          "give bot " + id + " the token of @" + bot.username() + ", or its username the bot's");
    else row("username", id, Result.OK, "@" + user.getUserName(), "");

    if (Boolean.TRUE.equals(user.getCanReadAllGroupMessages()))
      row("privacy", id, Result.OK, "off: the bot reads the whole group", "");
    else
      row(
          "privacy",
          id,
          Result.WARN,
          "privacy mode is on: the bot sees only commands, mentions and replies",
          "In @BotFather: /mybots → @"
              + user.getUserName()
              + " → Bot Settings → Group Privacy → Turn off, then remove and re-add the bot to its groups");

    checkWebhook(id, client);
    return Optional.of(new Live(bot, client, user.getId()));
  }

  private void checkWebhook(String id, OkHttpTelegramClient client) {
    Answer<WebhookInfo> answer = call(client, new GetWebhookInfo());
    if (!answer.ok()) {
      row("webhook", id, Result.FAIL, failed(answer.failure()), reach(answer.failure()));
      return;
    }
    WebhookInfo info = answer.value();
    String url = info.getUrl() == null ? "" : info.getUrl();
    int pending = info.getPendingUpdatesCount() == null ? 0 : info.getPendingUpdatesCount();
    if (options.mode() == TelegramSettings.Mode.POLLING) {
      if (url.isEmpty()) row("webhook", id, Result.OK, "none, as polling needs", "");
      else
        row(
            "webhook",
            id,
            Result.FAIL,
            "a webhook is set ("
                + url
                + ", "
                + pending
                + " updates pending) while the swarm polls: getUpdates answers 409 as long as it is, and another program may be getting this bot's updates",
            "stop whatever serves "
                + url
                + ", then call deleteWebhook for this bot; or run the swarm in webhook mode");
      return;
    }
    String expected = options.webhookUrl() + "/telegram/" + id;
    if (url.isEmpty())
      row("webhook", id, Result.OK, "not set yet: the swarm sets " + expected + " at start", "");
    else if (!url.equals(expected))
      row(
          "webhook",
          id,
          Result.FAIL,
          "the webhook is " + url + ", not the swarm's " + expected,
          "stop the other program that uses this bot; the swarm sets its own webhook at start");
    else row("webhook", id, Result.OK, url + " (" + pending + " updates pending)", "");
    if (info.getLastErrorMessage() != null && !info.getLastErrorMessage().isBlank())
      row(
          "webhook",
          id,
          Result.WARN,
          "Telegram's last delivery to the webhook failed: " + info.getLastErrorMessage(),
          "make " + expected + " reachable from the internet over HTTPS");
  }

  private void checkChat(CheckTargets.Chat chat, CheckTargets targets, Map<String, Live> live) {
    String chatId = String.valueOf(chat.chatId());
    // Which member bots see the chat: they can also tell the others' status.
    Map<String, Live> seeing = new LinkedHashMap<>();
    for (String botId : chat.memberBotIds()) {
      String subject = chatId + " " + botId;
      if (targets.bots().stream().noneMatch(b -> b.botId().equals(botId))) {
        row(
            "chat",
            subject,
            Result.FAIL,
            botId + " is not a bot of the swarm",
            "list it under bots");
        continue;
      }
      Live bot = live.get(botId);
      if (bot == null) {
        row("chat", subject, Result.WARN, "not checked: the bot's own checks failed", "");
        continue;
      }
      Answer<ChatFullInfo> answer = call(bot.client(), new GetChat(chatId));
      if (answer.ok()) {
        ChatFullInfo info = answer.value();
        if (!"supergroup".equals(info.getType()) && !"group".equals(info.getType()))
          row(
              "chat",
              subject,
              Result.FAIL,
              "the chat is a " + info.getType() + ", not a group",
              "give the id of the group (swarm chats list --pending shows the groups bots are in)");
        else {
          row("chat", subject, Result.OK, "\"" + info.getTitle() + "\", " + info.getType(), "");
          seeing.put(botId, bot);
        }
        continue;
      }
      TelegramApi.Failure f = answer.failure();
      String username = "@" + bot.bot().username();
      if (f.code() == 400 && f.description().contains("chat not found"))
        row(
            "chat",
            subject,
            Result.FAIL,
            username
                + " does not see chat "
                + chatId
                + ": it is not in the group, or the id is wrong",
            "add "
                + username
                + " to the group \""
                + chat.title()
                + "\" (Add members); if it is there, check the chat id");
      else if (f.code() == 403)
        row(
            "chat",
            subject,
            Result.FAIL,
            username + " is banned from the chat (" + f + ")",
            unban(username, chat));
      else row("chat", subject, Result.FAIL, failed(f), reach(f));
    }
    for (String botId : chat.memberBotIds()) {
      Live bot = live.get(botId);
      if (bot == null) continue;
      Live asker =
          seeing.containsKey(botId) ? bot : seeing.values().stream().findFirst().orElse(null);
      if (asker == null) continue;
      checkMember(chat, bot, asker);
    }
  }

  private void checkMember(CheckTargets.Chat chat, Live bot, Live asker) {
    String chatId = String.valueOf(chat.chatId());
    String subject = chatId + " " + bot.bot().botId();
    String username = "@" + bot.bot().username();
    Answer<ChatMember> answer = call(asker.client(), new GetChatMember(chatId, bot.userId()));
    if (!answer.ok()) {
      row("member", subject, Result.FAIL, failed(answer.failure()), reach(answer.failure()));
      return;
    }
    ChatMember member = answer.value();
    if (member instanceof ChatMemberOwner || member instanceof ChatMemberAdministrator)
      row("member", subject, Result.OK, "administrator: may send", "");
    else if (member instanceof ChatMemberMember)
      row("member", subject, Result.OK, "member: may send", "");
    else if (member instanceof ChatMemberRestricted r) {
      if (Boolean.TRUE.equals(r.getCanSendMessages()) && !Boolean.FALSE.equals(r.getIsMember()))
        row("member", subject, Result.OK, "restricted, but may send messages", "");
      else
        row(
            "member",
            subject,
            Result.FAIL,
            "restricted: " + username + " may not send messages",
            "in the group \""
                + chat.title()
                + "\", let "
                + username
                + " send messages again (its permissions as a member), or make it an administrator");
    } else if (member instanceof ChatMemberBanned)
      row(
          "member",
          subject,
          Result.FAIL,
          "kicked: " + username + " is banned from the chat",
          unban(username, chat));
    else if (member instanceof ChatMemberLeft)
      row(
          "member",
          subject,
          Result.FAIL,
          "left: " + username + " is not in the chat",
          "add " + username + " to the group \"" + chat.title() + "\" (Add members)");
    else row("member", subject, Result.WARN, "an unknown status: " + member, "");
  }

  private static String unban(String username, CheckTargets.Chat chat) {
    return "in the group \""
        + chat.title()
        + "\", take "
        + username
        + " off the removed users, then add it again";
  }

  private String failed(TelegramApi.Failure f) {
    return f.kind() == TelegramApi.Kind.REJECTED
        ? "Telegram answered " + f
        : "no answer from the Bot API at " + options.api() + ": " + f;
  }

  private String reach(TelegramApi.Failure f) {
    return f.kind() == TelegramApi.Kind.REJECTED
        ? ""
        : "check the network and the Bot API address (--api, SWARM_TELEGRAM_API), then run the check again";
  }

  private static <T extends Serializable> Answer<T> call(
      OkHttpTelegramClient client, BotApiMethod<T> method) {
    try {
      return new Answer<>(client.execute(method), null);
    } catch (TelegramApiException | RuntimeException e) {
      return new Answer<>(null, TelegramApi.classify(e));
    }
  }
}
