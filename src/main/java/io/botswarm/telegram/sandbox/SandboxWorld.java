package io.botswarm.telegram.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Telegram as the sandbox models it: bots with their update queues, supergroups with their
 * messages, flood control per bot, the single-poller rule and who receives whose messages. One lock
 * guards it all; futures are completed after it is released.
 */
final class SandboxWorld {

  /** Thrown after a message was posted when its answer is to be lost. */
  static final class ResponseLost extends RuntimeException {
    ResponseLost() {
      super("response lost", null, false, false);
    }
  }

  private static final Pattern MENTION =
      Pattern.compile("(?<![A-Za-z0-9_])@([A-Za-z][A-Za-z0-9_]{4,31})");
  private static final Pattern COMMAND =
      Pattern.compile("(?<!\\S)/([A-Za-z0-9_]{1,32})(?:@([A-Za-z][A-Za-z0-9_]{4,31}))?");
  private static final Set<String> ACTIONS =
      Set.of(
          "typing",
          "upload_photo",
          "record_video",
          "upload_video",
          "record_voice",
          "upload_voice",
          "upload_document",
          "choose_sticker",
          "find_location",
          "record_video_note",
          "upload_video_note");

  /** ChatPermissions' fields, all of which a restriction from sending takes away here. */
  private static final List<String> SEND_RIGHTS =
      List.of(
          "can_send_messages",
          "can_send_audios",
          "can_send_documents",
          "can_send_photos",
          "can_send_videos",
          "can_send_video_notes",
          "can_send_voice_notes",
          "can_send_polls",
          "can_send_other_messages",
          "can_add_web_page_previews",
          "can_change_info",
          "can_invite_users",
          "can_pin_messages",
          "can_manage_topics");

  private static final List<String> ADMIN_RIGHTS =
      List.of(
          "can_manage_chat",
          "can_delete_messages",
          "can_manage_video_chats",
          "can_restrict_members",
          "can_promote_members",
          "can_change_info",
          "can_invite_users",
          "can_post_stories",
          "can_edit_stories",
          "can_delete_stories",
          "can_pin_messages",
          "can_manage_topics");
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");
  private static final int KEPT_MESSAGES = 500;
  private static final int MAX_TEXT = 4096;

  /** 2026-01-01: ids count up from the seconds since, so that they keep growing over restarts. */
  private static final long EPOCH = 1_767_225_600L;

  private final ObjectMapper json;
  private final FloodControl flood;
  private final Clock clock;
  private final Consumer<ObjectNode> feed;
  private final BiConsumer<Duration, Runnable> scheduler;
  private final Consumer<String> webhookKick;
  private final Map<String, Account> byToken = new HashMap<>();
  private final Map<String, Account> byUsername = new LinkedHashMap<>();
  private final Map<Long, Group> groups = new LinkedHashMap<>();
  private final Map<String, Person> people = new HashMap<>();
  private final Map<String, ArrayDeque<SandboxFault>> faults = new HashMap<>();
  private final long idBase;
  private long conflicts;
  private long rateLimited;
  private long botMessages;
  private long humanMessages;
  private long polls;

  private final class Account {
    final SandboxSpec.Bot spec;

    /** Privacy mode as @BotFather last set it; a chat applies it from the bot's next joining. */
    boolean privacy;

    final ArrayDeque<ObjectNode> updates = new ArrayDeque<>();
    long nextUpdateId = idBase;

    /**
     * The bot's own numbering of basic groups' messages: Telegram numbers them per account, so each
     * bot has its own id for one message. Bots start apart, so that their numberings meet.
     */
    long nextOwnMessageId;

    Poll pending;
    List<String> allowedUpdates = List.of();
    Optional<Webhook> webhook = Optional.empty();

    Account(SandboxSpec.Bot spec, long firstOwnMessageId) {
      this.spec = spec;
      this.privacy = spec.privacy();
      this.nextOwnMessageId = firstOwnMessageId;
    }
  }

  record Webhook(String url, Optional<String> secret, Instant since) {}

  private record Poll(CompletableFuture<JsonNode> answer, Object connection, int limit) {}

  private record Person(long id, String name) {}

  /**
   * A bot's place in a chat, with the privacy mode it joined under: as in Telegram, a change
   * in @BotFather reaches a group only when the bot is removed and added again.
   */
  private record Membership(MemberStatus status, boolean privacy) {}

  private final class Group {
    /** Replaced when a bot is added. */
    SandboxSpec.Chat spec;

    final ArrayDeque<ObjectNode> messages = new ArrayDeque<>();
    final AtomicLong nextMessageId = new AtomicLong(idBase);

    /** By lower-cased username, in the spec's order; bots never in the chat are absent. */
    final Map<String, Membership> members = new LinkedHashMap<>();

    /** The supergroup this basic group was upgraded to, else 0. */
    long migratedTo;

    /**
     * A forum's topics: each topic's first message (its {@code forum_topic_created}), by the
     * topic's {@code message_thread_id}, which is that message's id. Empty: not a forum.
     */
    final Map<Long, ObjectNode> topics = new LinkedHashMap<>();

    /** In a basic group: each message's id (the page's) to each bot's own id for it. */
    final Map<Long, Map<Account, Long>> ownIds = new HashMap<>();

    Group(SandboxSpec.Chat spec) {
      this.spec = spec;
    }

    /**
     * Telegram's chat type, from the id as Telegram numbers chats: a supergroup's id is -100
     * followed by ten or more digits, a basic group's is a negative number without that prefix.
     */
    String type() {
      return String.valueOf(spec.id()).startsWith("-100") ? "supergroup" : "group";
    }

    MemberStatus status(Account bot) {
      Membership m = members.get(bot.spec.username().toLowerCase());
      return m == null ? MemberStatus.LEFT : m.status();
    }

    List<Account> present() {
      List<Account> out = new ArrayList<>();
      members.forEach(
          (username, m) -> {
            if (m.status().present()) out.add(byUsername.get(username));
          });
      return out;
    }
  }

  SandboxWorld(
      SandboxSpec spec,
      ObjectMapper json,
      Clock clock,
      Consumer<ObjectNode> feed,
      BiConsumer<Duration, Runnable> scheduler,
      Consumer<String> webhookKick) {
    this.json = json;
    this.flood = new FloodControl(spec.limits());
    this.clock = clock;
    this.feed = feed;
    this.scheduler = scheduler;
    this.webhookKick = webhookKick;
    this.idBase = Math.max(1, (clock.instant().getEpochSecond() - EPOCH) * 16);
    for (SandboxSpec.Bot b : spec.bots()) {
      var account = new Account(b, idBase + 7L * byToken.size());
      byToken.put(b.token(), account);
      byUsername.put(b.username().toLowerCase(), account);
    }
    for (SandboxSpec.Chat c : spec.chats()) {
      Group group = new Group(c);
      for (String u : c.botUsernames())
        group.members.put(
            u.toLowerCase(),
            new Membership(MemberStatus.MEMBER, byUsername.get(u.toLowerCase()).privacy));
      groups.put(c.id(), group);
    }
  }

  // --- the Bot API ------------------------------------------------------------------------------

  /** One Bot API call; the answer is the {@code result}, or it fails with an {@link ApiError}. */
  CompletionStage<JsonNode> call(String token, String method, Params params, Object connection) {
    List<Runnable> after = new ArrayList<>();
    try {
      synchronized (this) {
        Account bot = byToken.get(token);
        if (bot == null) throw ApiError.unauthorized();
        if (takeFault(bot, SandboxFault.SERVER_ERROR)) throw ApiError.internal();
        return switch (method.toLowerCase()) {
          case "getme" -> done(me(bot));
          case "getupdates" -> getUpdates(bot, params, connection, after);
          case "sendmessage" -> done(sendMessage(bot, params, after));
          case "sendchataction" -> done(sendChatAction(bot, params, after));
          case "getchat" -> done(getChat(bot, params));
          case "getchatmember" -> done(getChatMember(bot, params));
          case "setwebhook" -> done(setWebhook(bot, params, after));
          case "deletewebhook" -> done(deleteWebhook(bot, params));
          case "getwebhookinfo" -> done(webhookInfo(bot));
          default -> throw ApiError.notFound();
        };
      }
    } finally {
      // Also after an error: a message may be posted before its answer is lost.
      after.forEach(Runnable::run);
    }
  }

  private static CompletionStage<JsonNode> done(JsonNode result) {
    return CompletableFuture.completedFuture(result);
  }

  private ObjectNode me(Account bot) {
    ObjectNode me = user(bot);
    me.put("can_join_groups", true);
    me.put("can_read_all_group_messages", !bot.privacy);
    me.put("supports_inline_queries", false);
    return me;
  }

  private CompletionStage<JsonNode> getUpdates(
      Account bot, Params params, Object connection, List<Runnable> after) {
    if (bot.webhook.isPresent())
      throw ApiError.conflict(
          "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    long offset = params.integer("offset").orElse(0);
    int limit = (int) Math.max(1, Math.min(100, params.integer("limit").orElse(100)));
    long timeout = Math.max(0, Math.min(50, params.integer("timeout").orElse(0)));
    allowedUpdates(bot, params);
    // As Telegram's queue does: an offset more than 10 past the next update id is "in the
    // future" (ids restarted lower since, or another server's numbering), answered from the start
    // of the queue, confirming nothing.
    boolean future = offset > bot.nextUpdateId + 10;
    if (offset > 0 && !future)
      while (!bot.updates.isEmpty() && id(bot.updates.peek()) < offset) bot.updates.poll();
    else if (offset < 0) while (bot.updates.size() > -offset) bot.updates.poll();
    polls++;
    if (bot.pending != null) {
      Poll old = bot.pending;
      bot.pending = null;
      if (old.connection() != connection) {
        // Telegram keeps the newer request and ends the older one: two instances are polling.
        conflicts++;
        ObjectNode event = event("conflict");
        event.put("bot", bot.spec.username());
        publish(event, after);
        after.add(
            () ->
                old.answer()
                    .completeExceptionally(
                        ApiError.conflict(
                            "terminated by other getUpdates request; make sure that only one bot instance is running")));
      }
    }
    ArrayNode batch = batch(bot, limit);
    if (!batch.isEmpty() || timeout == 0) return done(batch);
    var poll = new Poll(new CompletableFuture<>(), connection, limit);
    bot.pending = poll;
    after.add(() -> scheduler.accept(Duration.ofSeconds(timeout), () -> expire(bot, poll)));
    return poll.answer();
  }

  /** As in Telegram, a call that names the update types sets them until the next one does. */
  private static void allowedUpdates(Account bot, Params params) {
    params
        .object("allowed_updates")
        .ifPresent(
            list -> {
              List<String> types = new ArrayList<>();
              list.forEach(t -> types.add(t.asText()));
              bot.allowedUpdates = List.copyOf(types);
            });
  }

  private void expire(Account bot, Poll poll) {
    synchronized (this) {
      if (bot.pending != poll) return;
      bot.pending = null;
    }
    poll.answer().complete(json.createArrayNode());
  }

  synchronized boolean polling(String token) {
    Account bot = byToken.get(token);
    return bot != null && bot.pending != null;
  }

  /** A poller's connection closed: its pending request has nobody to answer. */
  void connectionClosed(Object connection) {
    synchronized (this) {
      for (Account a : byToken.values())
        if (a.pending != null && a.pending.connection() == connection) a.pending = null;
    }
  }

  private ArrayNode batch(Account bot, int limit) {
    ArrayNode batch = json.createArrayNode();
    for (ObjectNode u : bot.updates) {
      if (batch.size() == limit) break;
      batch.add(u);
    }
    return batch;
  }

  private static long id(JsonNode update) {
    return update.path("update_id").asLong();
  }

  private ObjectNode sendMessage(Account bot, Params params, List<Runnable> after) {
    Group group = memberGroup(bot, params);
    if (group.status(bot) == MemberStatus.RESTRICTED)
      throw ApiError.badRequest("not enough rights to send text messages to the chat");
    String text = params.string("text").orElse("");
    if (text.isBlank()) throw ApiError.badRequest("message text is empty");
    if (text.length() > MAX_TEXT) throw ApiError.badRequest("message is too long");
    Optional<ObjectNode> replyTo = replyTarget(group, bot, params);
    long threadId = threadOf(replyTo, threadParam(group, params));
    flood(bot, group.spec.id(), after);
    boolean lose = takeFault(bot, SandboxFault.DROP_RESPONSE);
    ObjectNode message = message(group, user(bot), text, replyTo);
    inTopic(group, message, threadId);
    botMessages++;
    post(group, message, Optional.of(bot), "message", after);
    if (lose) throw new ResponseLost();
    return seenBy(group, bot, message);
  }

  private Group group(Params params) {
    String raw = params.required("chat_id");
    long chatId;
    try {
      chatId = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("chat not found");
    }
    Group group = groups.get(chatId);
    if (group == null) throw ApiError.badRequest("chat not found");
    if (group.migratedTo != 0) {
      ObjectNode event = event("refused");
      event.put("chat_id", chatId);
      event.put("migrate_to_chat_id", group.migratedTo);
      feed.accept(event);
      throw ApiError.migrated(group.migratedTo);
    }
    return group;
  }

  /** A chat the bot is in, for posting: Telegram's 403s for one it left or was kicked from. */
  private Group memberGroup(Account bot, Params params) {
    Group group = group(params);
    MemberStatus status = group.status(bot);
    if (status == MemberStatus.KICKED)
      throw ApiError.forbidden("bot was kicked from the supergroup chat");
    if (!status.present()) throw ApiError.forbidden("bot is not a member of the supergroup chat");
    return group;
  }

  /**
   * A chat the bot may look at. A private supergroup is unknown to a bot outside it: Telegram
   * answers 400 "chat not found" as for an id that does not exist, and 403 to a kicked bot.
   */
  private Group visibleGroup(Account bot, Params params) {
    Group group = group(params);
    MemberStatus status = group.status(bot);
    if (status == MemberStatus.KICKED)
      throw ApiError.forbidden("bot was kicked from the supergroup chat");
    if (!status.present()) throw ApiError.badRequest("chat not found");
    return group;
  }

  /** A supergroup's ChatFullInfo, as much of it as the sandbox knows. */
  private ObjectNode getChat(Account bot, Params params) {
    Group group = visibleGroup(bot, params);
    ObjectNode chat = json.createObjectNode();
    chat.put("id", group.spec.id());
    chat.put("title", group.spec.title());
    chat.put("type", group.type());
    chat.put("accent_color_id", 0);
    chat.put("max_reaction_count", 11);
    ObjectNode permissions = chat.putObject("permissions");
    for (String right : SEND_RIGHTS) permissions.put(right, true);
    return chat;
  }

  /** A chat member: a sandbox bot (by its id) or a person who posted. */
  private ObjectNode getChatMember(Account bot, Params params) {
    Group group = visibleGroup(bot, params);
    long userId =
        params.integer("user_id").orElseThrow(() -> ApiError.badRequest("user_id is empty"));
    Optional<Account> target =
        byUsername.values().stream().filter(a -> a.spec.id() == userId).findFirst();
    if (target.isPresent()) return chatMember(group.status(target.get()), user(target.get()));
    Person person =
        people.values().stream()
            .filter(p -> p.id() == userId)
            .findFirst()
            .orElseThrow(() -> ApiError.badRequest("user not found"));
    ObjectNode user = json.createObjectNode();
    user.put("id", person.id());
    user.put("is_bot", false);
    user.put("first_name", person.name());
    return chatMember(MemberStatus.MEMBER, user);
  }

  /** A ChatMember of {@code user} with {@code status}, with the rights that status has. */
  private ObjectNode chatMember(MemberStatus status, ObjectNode user) {
    ObjectNode member = json.createObjectNode();
    member.put("status", status.wire());
    member.set("user", user);
    switch (status) {
      case ADMINISTRATOR -> {
        member.put("can_be_edited", false);
        member.put("is_anonymous", false);
        for (String right : ADMIN_RIGHTS) member.put(right, !right.equals("can_promote_members"));
      }
      case RESTRICTED -> {
        member.put("is_member", true);
        for (String right : SEND_RIGHTS) member.put(right, false);
        member.put("until_date", 0);
      }
      case KICKED -> member.put("until_date", 0);
      default -> {}
    }
    return member;
  }

  /**
   * The {@code my_chat_member} update Telegram sends a bot whose standing in {@code group} a person
   * ({@code by}) changed, queued unless the update types it asked for leave it out (the default
   * includes it). Returns the update's {@code my_chat_member}.
   */
  private ObjectNode memberChanged(
      Group group,
      Account bot,
      String by,
      MemberStatus was,
      MemberStatus now,
      List<Runnable> after) {
    ObjectNode change = json.createObjectNode();
    ObjectNode chat = change.putObject("chat");
    chat.put("id", group.spec.id());
    chat.put("title", group.spec.title());
    chat.put("type", group.type());
    change.set("from", person(by));
    change.put("date", clock.instant().getEpochSecond());
    change.set("old_chat_member", chatMember(was, user(bot)));
    change.set("new_chat_member", chatMember(now, user(bot)));
    if (bot.allowedUpdates.isEmpty() || bot.allowedUpdates.contains("my_chat_member")) {
      ObjectNode update = json.createObjectNode();
      update.put("update_id", bot.nextUpdateId++);
      update.set("my_chat_member", change);
      enqueue(bot, update, after);
    }
    return change;
  }

  private Optional<ObjectNode> replyTarget(Group group, Account bot, Params params) {
    Optional<JsonNode> parameters = params.object("reply_parameters");
    long id =
        parameters
            .map(p -> p.path("message_id").asLong(0))
            .orElse(params.integer("reply_to_message_id").orElse(0));
    if (id == 0) return Optional.empty();
    boolean lenient =
        parameters.map(p -> p.path("allow_sending_without_reply").asBoolean()).orElse(false)
            || params.flag("allow_sending_without_reply");
    // In a basic group the id is in the bot's own numbering.
    Optional<ObjectNode> target =
        group.messages.stream()
            .filter(m -> knownId(group, bot, m.path("message_id").asLong()) == id)
            .findFirst();
    if (target.isEmpty() && !lenient) throw ApiError.badRequest("message to be replied not found");
    return target;
  }

  /**
   * Telegram's flood control for one bot: a long flood set on it, over all chats, in one chat, and
   * in one group.
   */
  private void flood(Account bot, long chatId, List<Runnable> after) {
    Optional<Integer> refused = flood.send(bot.spec.username(), chatId, clock.instant());
    if (refused.isPresent()) {
      rateLimited++;
      ObjectNode event = event("flood");
      event.put("chat_id", chatId);
      event.put("bot", bot.spec.username());
      event.put("retry_after", refused.get());
      publish(event, after);
      throw ApiError.tooManyRequests(refused.get());
    }
  }

  private JsonNode sendChatAction(Account bot, Params params, List<Runnable> after) {
    Group group = memberGroup(bot, params);
    held(bot, group.spec.id(), after);
    String action = params.required("action");
    if (!ACTIONS.contains(action)) throw ApiError.badRequest("wrong parameter action in request");
    long threadId = threadParam(group, params);
    ObjectNode event = event("action");
    event.put("chat_id", group.spec.id());
    if (threadId != 0) event.put("message_thread_id", threadId);
    event.put("bot", bot.spec.username());
    event.put("action", action);
    feed.accept(event);
    return json.getNodeFactory().booleanNode(true);
  }

  /**
   * A long flood set on the bot ({@link #setFlood}), in this chat or over all of them, refuses any
   * request that posts there, "typing…" included, without counting it against the limits.
   */
  private void held(Account bot, long chatId, List<Runnable> after) {
    flood
        .held(bot.spec.username(), chatId, clock.instant())
        .ifPresent(
            left -> {
              rateLimited++;
              ObjectNode event = event("flood");
              event.put("chat_id", chatId);
              event.put("bot", bot.spec.username());
              event.put("retry_after", left);
              publish(event, after);
              throw ApiError.tooManyRequests(left);
            });
  }

  private JsonNode setWebhook(Account bot, Params params, List<Runnable> after) {
    String url = params.string("url").orElse("").trim();
    if (url.isEmpty()) return deleteWebhook(bot, params);
    if (!url.startsWith("https://") && !url.startsWith("http://127.0.0.1"))
      throw ApiError.badRequest("bad webhook: HTTPS url must be provided for webhook");
    Optional<String> secret = params.string("secret_token").filter(s -> !s.isEmpty());
    if (secret.isPresent() && !SECRET.matcher(secret.get()).matches())
      throw ApiError.badRequest("secret token contains unallowed characters");
    if (params.flag("drop_pending_updates")) bot.updates.clear();
    allowedUpdates(bot, params);
    bot.webhook = Optional.of(new Webhook(url, secret, clock.instant()));
    if (bot.pending != null) {
      Poll old = bot.pending;
      bot.pending = null;
      after.add(
          () ->
              old.answer()
                  .completeExceptionally(ApiError.conflict("terminated by setWebhook request")));
    }
    String username = bot.spec.username();
    after.add(() -> webhookKick.accept(username));
    return json.getNodeFactory().booleanNode(true);
  }

  private JsonNode deleteWebhook(Account bot, Params params) {
    bot.webhook = Optional.empty();
    if (params.flag("drop_pending_updates")) bot.updates.clear();
    return json.getNodeFactory().booleanNode(true);
  }

  private JsonNode webhookInfo(Account bot) {
    ObjectNode info = json.createObjectNode();
    info.put("url", bot.webhook.map(Webhook::url).orElse(""));
    info.put("has_custom_certificate", false);
    info.put("pending_update_count", bot.updates.size());
    if (bot.webhook.isPresent()) info.put("max_connections", 1);
    Optional.ofNullable(lastWebhookError.get(bot.spec.username()))
        .ifPresent(
            e -> {
              info.put("last_error_date", e.at().getEpochSecond());
              info.put("last_error_message", e.message());
            });
    return info;
  }

  // --- webhooks ---------------------------------------------------------------------------------

  record WebhookError(Instant at, String message) {}

  private final Map<String, WebhookError> lastWebhookError = new HashMap<>();

  /** What the webhook of a bot should receive next, or empty when nothing (or no webhook). */
  synchronized Optional<Map.Entry<Webhook, ObjectNode>> nextPush(String username) {
    Account bot = byUsername.get(username.toLowerCase());
    if (bot == null || bot.webhook.isEmpty() || bot.updates.isEmpty()) return Optional.empty();
    return Optional.of(Map.entry(bot.webhook.get(), bot.updates.peek()));
  }

  /** The webhook took the update (a 2xx), or refused it. */
  synchronized void pushed(String username, long updateId, Optional<String> error) {
    Account bot = byUsername.get(username.toLowerCase());
    if (bot == null) return;
    if (error.isPresent()) {
      lastWebhookError.put(username, new WebhookError(clock.instant(), error.get()));
      return;
    }
    if (!bot.updates.isEmpty() && id(bot.updates.peek()) == updateId) bot.updates.poll();
  }

  /** A chat a control names (a person, the page): one-line error when the sandbox has none. */
  private Group controlled(long chatId) {
    Group group = groups.get(chatId);
    if (group == null) throw new IllegalArgumentException("no chat " + chatId + " in the sandbox");
    return group;
  }

  // --- people and the page ----------------------------------------------------------------------

  /** A person posts into a chat (the page's form, or a script). */
  ObjectNode postAsHuman(long chatId, String name, String text, long replyToMessageId) {
    return postAsHuman(chatId, name, text, replyToMessageId, Poster.PERSON, 0, 0);
  }

  /**
   * How a person's post reaches the chat: as themselves, as the group's anonymous administrator, as
   * the linked channel's post Telegram forwards into its discussion group, or forwarded from
   * someone else.
   */
  enum Poster {
    PERSON("person"),
    ANONYMOUS_ADMIN("anonymous-admin"),
    CHANNEL_FORWARD("channel-forward"),
    FORWARDED("forwarded");

    final String wire;

    Poster(String wire) {
      this.wire = wire;
    }

    static Poster of(String wire) {
      if (wire == null || wire.isBlank()) return PERSON;
      for (Poster p : values()) if (p.wire.equals(wire)) return p;
      throw new IllegalArgumentException(
          "\"as\": \""
              + wire
              + "\" is not a way to post; use person, anonymous-admin, channel-forward or forwarded");
    }
  }

  /**
   * A person posts into a chat as {@code as} says; {@code date} (epoch seconds, 0 for now) dates
   * the message in the past, as the updates queued while a bot was down are; {@code threadId}: the
   * forum topic it is posted in (0: General, or a chat without topics).
   */
  ObjectNode postAsHuman(
      long chatId,
      String name,
      String text,
      long replyToMessageId,
      Poster as,
      long date,
      long threadId) {
    List<Runnable> after = new ArrayList<>();
    ObjectNode message;
    synchronized (this) {
      Group group = controlled(chatId);
      if (group.migratedTo != 0)
        throw new IllegalArgumentException(
            "chat "
                + chatId
                + " was upgraded to the supergroup "
                + group.migratedTo
                + ": post there");
      if (as == Poster.CHANNEL_FORWARD && !group.type().equals("supergroup"))
        throw new IllegalArgumentException(
            "chat " + chatId + " is a basic group: only a supergroup has a linked channel");
      if (date > clock.instant().getEpochSecond())
        throw new IllegalArgumentException(
            "\"date\": " + date + " is in the future; give epoch seconds in the past, or none");
      if ((name == null || name.isBlank()) && as != Poster.ANONYMOUS_ADMIN)
        throw new IllegalArgumentException("say who you are");
      if (text == null || text.isBlank()) throw new IllegalArgumentException("the text is empty");
      if (text.length() > MAX_TEXT)
        throw new IllegalArgumentException("the text is longer than 4096 characters");
      Optional<ObjectNode> replyTo =
          group.messages.stream()
              .filter(m -> m.path("message_id").asLong() == replyToMessageId)
              .findFirst();
      long topic = threadOf(replyTo, topicOf(group, threadId, IllegalArgumentException::new));
      message =
          message(group, person(as == Poster.ANONYMOUS_ADMIN ? "Group" : name), text, replyTo);
      inTopic(group, message, topic);
      poster(group, message, as, name);
      if (date > 0) message.put("date", date);
      humanMessages++;
      post(group, message, Optional.empty(), "message", after);
    }
    after.forEach(Runnable::run);
    return message;
  }

  private ObjectNode person(String name) {
    Person person =
        people.computeIfAbsent(
            name.strip(), n -> new Person(1_000_000_000L + (n.hashCode() & 0x3fffffffL), n));
    ObjectNode from = json.createObjectNode();
    from.put("id", person.id());
    from.put("is_bot", false);
    from.put("first_name", person.name());
    return from;
  }

  /**
   * A person adds a bot to a group, creating the group with {@code title} when the sandbox does not
   * have it (a chat nobody told the swarm about). As in Telegram, the bot gets a {@code
   * my_chat_member} update (its status from {@code left} to {@code member}) unless the update types
   * it asked for leave that out; the default includes it. Returns the update's {@code
   * my_chat_member}.
   */
  ObjectNode addBot(long chatId, String username, String title, String by) {
    List<Runnable> after = new ArrayList<>();
    ObjectNode change;
    synchronized (this) {
      Account bot = byUsername.get(username == null ? "" : username.toLowerCase());
      if (bot == null)
        throw new IllegalArgumentException("no bot @" + username + " in the sandbox");
      if (by == null || by.isBlank()) throw new IllegalArgumentException("say who you are");
      Group group = groups.get(chatId);
      if (group == null) {
        if (chatId >= 0)
          throw new IllegalArgumentException("group chat ids are negative: " + chatId);
        if (title == null || title.isBlank())
          throw new IllegalArgumentException("a new group needs a title");
        group = new Group(new SandboxSpec.Chat(chatId, title.strip(), List.of()));
        groups.put(chatId, group);
      }
      if (group.status(bot).present())
        throw new IllegalArgumentException(
            "@" + bot.spec.username() + " is already in chat " + chatId);
      if (!group.spec.botUsernames().contains(bot.spec.username())) {
        List<String> bots = new ArrayList<>(group.spec.botUsernames());
        bots.add(bot.spec.username());
        group.spec = new SandboxSpec.Chat(chatId, group.spec.title(), bots);
      }
      // A member from now on, under the privacy mode it has as it joins, as setMember does.
      group.members.put(
          bot.spec.username().toLowerCase(), new Membership(MemberStatus.MEMBER, bot.privacy));
      change = memberChanged(group, bot, by, MemberStatus.LEFT, MemberStatus.MEMBER, after);
      ObjectNode event = event("joined");
      event.set("chat", change.path("chat").deepCopy());
      event.put("bot", bot.spec.username());
      publish(event, after);
    }
    after.forEach(Runnable::run);
    return change;
  }

  /** A person edits a message of theirs: bots that saw it get an {@code edited_message}. */
  ObjectNode editAsHuman(long chatId, long messageId, String text) {
    List<Runnable> after = new ArrayList<>();
    ObjectNode edited;
    synchronized (this) {
      Group group = controlled(chatId);
      ObjectNode original =
          group.messages.stream()
              .filter(m -> m.path("message_id").asLong() == messageId)
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("no message " + messageId));
      if (original.path("from").path("is_bot").asBoolean())
        throw new IllegalArgumentException("people can only edit their own messages");
      edited = original.deepCopy();
      edited.put("text", text);
      edited.put("edit_date", clock.instant().getEpochSecond());
      post(group, edited, Optional.empty(), "edited_message", after);
    }
    after.forEach(Runnable::run);
    return edited;
  }

  /**
   * A person upgrades a basic group to a supergroup, as Telegram does when a group gets a public
   * link, more members or admin rights that need one: the supergroup gets the id {@code to} (empty:
   * derived, -100 followed by the old id's digits), the title, the bots and their places; its
   * messages are numbered afresh. Each member bot gets the old group's service message with {@code
   * migrate_to_chat_id} and the new one's with {@code migrate_from_chat_id}; from then on every
   * call for the old id answers 400 "group chat was upgraded to a supergroup chat" with {@code
   * parameters.migrate_to_chat_id} (a {@code refused} event on the page). Returns the new id.
   */
  long upgrade(long chatId, OptionalLong to, String by) {
    List<Runnable> after = new ArrayList<>();
    long newId;
    synchronized (this) {
      Group old = controlled(chatId);
      if (!old.type().equals("group") || old.migratedTo != 0)
        throw new IllegalArgumentException(
            "chat " + chatId + " is a supergroup already; only a basic group can be upgraded");
      if (by == null || by.isBlank()) throw new IllegalArgumentException("say who you are");
      newId = to.orElse(-(1_000_000_000_000L + Math.abs(chatId) % 10_000_000_000L));
      if (!String.valueOf(newId).startsWith("-100") || newId == chatId)
        throw new IllegalArgumentException(
            "a supergroup's id is -100 followed by digits, not " + newId);
      if (groups.containsKey(newId))
        throw new IllegalArgumentException("chat " + newId + " exists already in the sandbox");
      Group group =
          new Group(new SandboxSpec.Chat(newId, old.spec.title(), old.spec.botUsernames()));
      group.members.putAll(old.members);
      groups.put(newId, group);
      old.migratedTo = newId;
      ObjectNode from = person(by);
      ObjectNode left = service(old, from);
      left.put("migrate_to_chat_id", newId);
      ObjectNode arrived = service(group, from);
      arrived.put("migrate_from_chat_id", chatId);
      ObjectNode event = event("upgraded");
      event.put("chat_id", chatId);
      event.put("to_chat_id", newId);
      publish(event, after);
      for (Account bot : group.present()) {
        if (!bot.allowedUpdates.isEmpty() && !bot.allowedUpdates.contains("message")) continue;
        for (ObjectNode message : List.of(left, arrived)) {
          ObjectNode update = json.createObjectNode();
          update.put("update_id", bot.nextUpdateId++);
          update.set("message", message);
          enqueue(bot, update, after);
        }
      }
    }
    after.forEach(Runnable::run);
    return newId;
  }

  /** A message of {@code group} from {@code from}, without text; the caller adds what it says. */
  private ObjectNode service(Group group, ObjectNode from) {
    ObjectNode m = json.createObjectNode();
    m.put("message_id", group.nextMessageId.getAndIncrement());
    m.set("from", from);
    ObjectNode chat = m.putObject("chat");
    chat.put("id", group.spec.id());
    chat.put("title", group.spec.title());
    chat.put("type", group.type());
    if (!group.topics.isEmpty()) chat.put("is_forum", true);
    m.put("date", clock.instant().getEpochSecond());
    return m;
  }

  /**
   * Places a message in the forum topic {@code threadId} as Telegram does: it carries the topic's
   * {@code message_thread_id} and {@code is_topic_message}, and one that answers nobody quotes the
   * topic's first message. 0 is General (or a chat without topics): nothing to add.
   */
  private void inTopic(Group group, ObjectNode m, long threadId) {
    if (threadId == 0) return;
    m.put("message_thread_id", threadId);
    m.put("is_topic_message", true);
    if (!m.has("reply_to_message"))
      m.set("reply_to_message", group.topics.get(threadId).deepCopy());
  }

  /**
   * The topic a message goes to: {@code threadId} must be one of the forum's ({@code bad} says what
   * is wrong otherwise); 0 is General.
   */
  private static long topicOf(Group group, long threadId, Function<String, RuntimeException> bad) {
    if (threadId != 0 && !group.topics.containsKey(threadId))
      throw bad.apply(
          group.topics.isEmpty()
              ? "chat "
                  + group.spec.id()
                  + " is not a forum: it has no topic "
                  + threadId
                  + "; create one with POST /sandbox/chats/"
                  + group.spec.id()
                  + "/topics"
              : "chat "
                  + group.spec.id()
                  + " has no topic "
                  + threadId
                  + "; its topics: "
                  + group.topics.keySet());
    return threadId;
  }

  /**
   * The topic a message goes to: the one named, else, as in Telegram, the topic of the message it
   * replies to (a reply to a topic's message stays in that topic).
   */
  private static long threadOf(Optional<ObjectNode> replyTo, long named) {
    if (named != 0 || replyTo.isEmpty()) return named;
    JsonNode quoted = replyTo.get();
    return quoted.path("is_topic_message").asBoolean()
        ? quoted.path("message_thread_id").asLong()
        : 0;
  }

  /** The forum topic a bot's request names ({@code message_thread_id}; absent: General). */
  private static long threadParam(Group group, Params params) {
    return topicOf(
        group,
        params.integer("message_thread_id").orElse(0),
        why -> ApiError.badRequest("message thread not found"));
  }

  /**
   * A person creates a forum topic in a supergroup (which makes it a forum, {@code is_forum}):
   * Telegram's service message {@code forum_topic_created} goes to the bots, and its id is the
   * topic's {@code message_thread_id}, which this returns.
   */
  long createTopic(long chatId, String name, String by) {
    List<Runnable> after = new ArrayList<>();
    long threadId;
    synchronized (this) {
      Group group = controlled(chatId);
      if (!group.type().equals("supergroup"))
        throw new IllegalArgumentException(
            "chat " + chatId + " is a basic group: only a supergroup has topics; upgrade it first");
      if (name == null || name.isBlank())
        throw new IllegalArgumentException("a topic needs a \"name\"");
      if (by == null || by.isBlank()) throw new IllegalArgumentException("say who you are");
      ObjectNode created = service(group, person(by));
      threadId = created.path("message_id").asLong();
      ObjectNode topic = created.putObject("forum_topic_created");
      topic.put("name", name.strip());
      topic.put("icon_color", 7322096);
      created.put("message_thread_id", threadId);
      created.put("is_topic_message", true);
      // Now a forum: the service message says so too.
      ((ObjectNode) created.path("chat")).put("is_forum", true);
      group.topics.put(threadId, created.deepCopy());
      post(group, created, Optional.empty(), "message", after);
    }
    after.forEach(Runnable::run);
    return threadId;
  }

  /** The swarm tells the page what it did with a draft (not part of the Bot API). */
  void verdict(long chatId, String bot, String verdict, String detail) {
    ObjectNode event = event("verdict");
    event.put("chat_id", chatId);
    event.put("bot", bot);
    event.put("verdict", verdict);
    event.put("detail", detail);
    feed.accept(event);
  }

  synchronized void inject(String username, SandboxFault fault, int times) {
    Account bot = byUsername.get(username.toLowerCase());
    if (bot == null) throw new IllegalArgumentException("no bot @" + username + " in the sandbox");
    if (fault == SandboxFault.MALFORMED_UPDATE) {
      List<Runnable> after = new ArrayList<>();
      for (int i = 0; i < times; i++) {
        ObjectNode broken = json.createObjectNode();
        broken.put("update_id", bot.nextUpdateId++);
        ObjectNode message = broken.putObject("message");
        message.put("message_id", "not a number");
        message.put("date", "yesterday");
        enqueue(bot, broken, after);
      }
      after.forEach(Runnable::run);
      return;
    }
    var queue = faults.computeIfAbsent(bot.spec.username(), u -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) queue.add(fault);
  }

  /**
   * A person ({@code by}) changes a bot's place in a chat (adds it back, makes it an administrator,
   * restricts, removes or bans it). A bot that joins takes its current privacy mode into the chat.
   * As in Telegram, the bot gets a {@code my_chat_member} update when its status changes.
   */
  void setMember(long chatId, String username, MemberStatus status, String by) {
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      Group group = controlled(chatId);
      Account bot = byUsername.get(username.toLowerCase());
      if (bot == null)
        throw new IllegalArgumentException("no bot @" + username + " in the sandbox");
      if (by == null || by.isBlank()) throw new IllegalArgumentException("say who you are");
      Membership old = group.members.get(username.toLowerCase());
      boolean joins = old == null || !old.status().present();
      group.members.put(
          username.toLowerCase(),
          new Membership(status, joins || !status.present() ? bot.privacy : old.privacy()));
      MemberStatus was = old == null ? MemberStatus.LEFT : old.status();
      if (was != status) memberChanged(group, bot, by, was, status, after);
    }
    after.forEach(Runnable::run);
  }

  /**
   * Telegram restarts the bot's update ids: the next update is numbered {@code nextUpdateId} (as
   * after a week without updates, when Telegram picks the next id at random, or as another API
   * server numbers them). Only with nothing queued: Telegram restarts after a quiet spell.
   */
  synchronized void resetUpdateIds(String username, long nextUpdateId) {
    Account bot = byUsername.get(username.toLowerCase());
    if (bot == null) throw new IllegalArgumentException("no bot @" + username + " in the sandbox");
    if (nextUpdateId < 1 || nextUpdateId > Integer.MAX_VALUE)
      throw new IllegalArgumentException(
          "next_update_id is 1 to " + Integer.MAX_VALUE + ", not " + nextUpdateId);
    if (!bot.updates.isEmpty())
      throw new IllegalArgumentException(
          "@"
              + username
              + " has "
              + bot.updates.size()
              + " updates not confirmed yet: Telegram restarts ids only after a quiet spell, so"
              + " reset once its poller has taken them");
    bot.nextUpdateId = nextUpdateId;
  }

  /**
   * Telegram holds a bot for {@code retryAfter} seconds from now, in one chat or (empty) in all of
   * them: its sends there are answered 429 with the seconds left until it passes. A bot-wide flood
   * is how Telegram answers a bot that exceeded its own limit; a chat's, one that flooded a group.
   */
  synchronized void setFlood(String username, Optional<Long> chatId, int retryAfter) {
    Account bot = byUsername.get(username == null ? "" : username.toLowerCase());
    if (bot == null) throw new IllegalArgumentException("no bot @" + username + " in the sandbox");
    if (retryAfter < 1 || retryAfter > 86_400)
      throw new IllegalArgumentException(
          "retry_after is " + retryAfter + "; give the seconds of the flood, 1 to 86400");
    if (chatId.isPresent() && !groups.containsKey(chatId.get()))
      throw new IllegalArgumentException(
          "no chat " + chatId.get() + " in the sandbox; leave chat_id out for a bot-wide flood");
    flood.hold(bot.spec.username(), chatId, clock.instant().plusSeconds(retryAfter));
  }

  /** The bot's owner turns Group Privacy on or off in @BotFather. */
  synchronized void setPrivacy(String username, boolean on) {
    Account bot = byUsername.get(username.toLowerCase());
    if (bot == null) throw new IllegalArgumentException("no bot @" + username + " in the sandbox");
    bot.privacy = on;
  }

  private boolean takeFault(Account bot, SandboxFault fault) {
    var queue = faults.get(bot.spec.username());
    return queue != null && queue.remove(fault);
  }

  synchronized SandboxStats stats() {
    return new SandboxStats(conflicts, rateLimited, botMessages, humanMessages, polls);
  }

  /** Every chat with its bots and recent messages, for the page. */
  synchronized ObjectNode snapshot() {
    ObjectNode root = json.createObjectNode();
    ArrayNode chats = root.putArray("chats");
    for (Group g : groups.values()) {
      ObjectNode chat = chats.addObject();
      chat.put("id", g.spec.id());
      chat.put("title", g.spec.title());
      if (!g.topics.isEmpty()) {
        chat.put("is_forum", true);
        ArrayNode topics = chat.putArray("topics");
        g.topics.forEach(
            (id, created) ->
                topics
                    .addObject()
                    .put("message_thread_id", id)
                    .put("name", created.path("forum_topic_created").path("name").asText()));
      }
      ArrayNode bots = chat.putArray("bots");
      for (Account a : g.present()) {
        ObjectNode b = bots.addObject();
        b.put("username", a.spec.username());
        b.put("first_name", a.spec.firstName());
      }
      ArrayNode messages = chat.putArray("messages");
      g.messages.stream().skip(Math.max(0, g.messages.size() - 100)).forEach(messages::add);
    }
    return root;
  }

  // --- messages and who sees them
  // -----------------------------------------------------------------

  private ObjectNode user(Account bot) {
    ObjectNode u = json.createObjectNode();
    u.put("id", bot.spec.id());
    u.put("is_bot", true);
    u.put("first_name", bot.spec.firstName());
    u.put("username", bot.spec.username());
    return u;
  }

  private ObjectNode message(
      Group group, ObjectNode from, String text, Optional<ObjectNode> reply) {
    ObjectNode m = service(group, from);
    m.put("text", text);
    ArrayNode entities = json.createArrayNode();
    Matcher mention = MENTION.matcher(text);
    while (mention.find()) entity(entities, "mention", mention.start(), mention.end());
    Matcher command = COMMAND.matcher(text);
    while (command.find()) entity(entities, "bot_command", command.start(), command.end());
    if (!entities.isEmpty()) m.set("entities", entities);
    reply.ifPresent(
        r -> {
          ObjectNode quoted = r.deepCopy();
          quoted.remove("reply_to_message");
          m.set("reply_to_message", quoted);
        });
    return m;
  }

  private static void entity(ArrayNode entities, String type, int start, int end) {
    ObjectNode e = entities.addObject();
    e.put("type", type);
    e.put("offset", start);
    e.put("length", end - start);
  }

  private void post(
      Group group,
      ObjectNode message,
      Optional<Account> author,
      String kind,
      List<Runnable> after) {
    if (kind.equals("message")) {
      group.messages.add(message);
      while (group.messages.size() > KEPT_MESSAGES) {
        JsonNode gone = group.messages.poll();
        group.ownIds.remove(gone.path("message_id").asLong());
      }
      // Every bot in a basic group numbers the new message now, in its own sequence.
      for (Account present : group.present())
        ownId(group, present, message.path("message_id").asLong());
    }
    ObjectNode event = event(kind.equals("message") ? "message" : "edit");
    event.set("message", message);
    publish(event, after);
    for (Account reader : group.present()) {
      if (author.isPresent() && author.get() == reader) continue;
      if (!sees(reader, group.members.get(reader.spec.username().toLowerCase()), message, author))
        continue;
      if (!reader.allowedUpdates.isEmpty() && !reader.allowedUpdates.contains(kind)) continue;
      ObjectNode update = json.createObjectNode();
      update.put("update_id", reader.nextUpdateId++);
      update.set(kind, seenBy(group, reader, message));
      enqueue(reader, update, after);
    }
  }

  /**
   * Telegram's rules: a bot never sees other bots' messages, unless bot-to-bot mode (Bot API 10.0)
   * lets it — a reply to it or a command addressed to it when either bot has the mode, everything
   * when the reader has the mode and privacy off. With privacy on, a bot sees only commands,
   * mentions of it and replies to it; an administrator sees everything. Privacy is what the bot
   * joined the chat under.
   */
  private boolean sees(
      Account reader, Membership membership, ObjectNode message, Optional<Account> author) {
    boolean privacy = membership.privacy() && membership.status() != MemberStatus.ADMINISTRATOR;
    String text = message.path("text").asText();
    String me = reader.spec.username();
    boolean repliesToMe =
        message
            .path("reply_to_message")
            .path("from")
            .path("username")
            .asText()
            .equalsIgnoreCase(me);
    boolean commandToMe = false;
    boolean command = false;
    Matcher c = COMMAND.matcher(text);
    while (c.find()) {
      command |= c.group(2) == null;
      commandToMe |= c.group(2) != null && c.group(2).equalsIgnoreCase(me);
    }
    if (author.isPresent()) {
      boolean mode = reader.spec.botToBot() || author.get().spec.botToBot();
      if (!mode) return false;
      if (repliesToMe || commandToMe) return true;
      return reader.spec.botToBot() && !privacy;
    }
    if (!privacy) return true;
    boolean mentioned = false;
    Matcher m = MENTION.matcher(text);
    while (m.find()) mentioned |= m.group(1).equalsIgnoreCase(me);
    return mentioned || repliesToMe || commandToMe || command;
  }

  private void enqueue(Account bot, ObjectNode update, List<Runnable> after) {
    bot.updates.add(update);
    if (bot.webhook.isPresent()) {
      String username = bot.spec.username();
      after.add(() -> webhookKick.accept(username));
    } else if (bot.pending != null) {
      Poll poll = bot.pending;
      bot.pending = null;
      ArrayNode batch = batch(bot, poll.limit());
      after.add(() -> poll.answer().complete(batch));
    }
  }

  private ObjectNode event(String type) {
    ObjectNode e = json.createObjectNode();
    e.put("type", type);
    e.put("at", clock.millis());
    return e;
  }

  private void publish(ObjectNode event, List<Runnable> after) {
    after.add(() -> feed.accept(event));
  }

  // --- basic groups' numbering and who posts (#15) ----------------------------------------------

  /**
   * {@code bot}'s id for the message the page knows as {@code messageId}: the same in a supergroup;
   * in a basic group the bot's own, given when it first meets the message.
   */
  private long ownId(Group group, Account bot, long messageId) {
    if (!group.type().equals("group")) return messageId;
    return group
        .ownIds
        .computeIfAbsent(messageId, id -> new HashMap<>())
        .computeIfAbsent(bot, b -> b.nextOwnMessageId++);
  }

  /** {@code bot}'s id for the message if it has met it (0 if not), numbering nothing new. */
  private long knownId(Group group, Account bot, long messageId) {
    if (!group.type().equals("group")) return messageId;
    return group.ownIds.getOrDefault(messageId, Map.of()).getOrDefault(bot, 0L);
  }

  /** The message as {@code bot} receives it: in a basic group, under its own ids. */
  private ObjectNode seenBy(Group group, Account bot, ObjectNode message) {
    if (!group.type().equals("group")) return message;
    ObjectNode own = message.deepCopy();
    own.put("message_id", ownId(group, bot, message.path("message_id").asLong()));
    if (own.path("reply_to_message") instanceof ObjectNode quoted)
      quoted.put("message_id", ownId(group, bot, quoted.path("message_id").asLong()));
    return own;
  }

  /** Who the message is from, for a post that is not a person's own. */
  private void poster(Group group, ObjectNode message, Poster as, String name) {
    switch (as) {
      case PERSON -> {}
      case ANONYMOUS_ADMIN -> {
        // Telegram's stand-in sender for anonymous administrators; the group speaks.
        message.set("from", standIn(1087968824L, "Group", "GroupAnonymousBot"));
        message.set("sender_chat", message.path("chat").deepCopy());
        if (name != null && !name.isBlank()) message.put("author_signature", name.strip());
      }
      case CHANNEL_FORWARD -> {
        ObjectNode channel = json.createObjectNode();
        channel.put("id", -1_009_000_000_000L - Math.floorMod(group.spec.id(), 1_000_000_000L));
        channel.put("title", name.strip());
        channel.put("type", "channel");
        message.set("from", standIn(136817688L, "Channel", "Channel_Bot"));
        message.set("sender_chat", channel);
        message.put("is_automatic_forward", true);
        ObjectNode origin = message.putObject("forward_origin");
        origin.put("type", "channel");
        origin.set("chat", channel.deepCopy());
        origin.put("message_id", message.path("message_id").asLong());
        origin.put("date", clock.instant().getEpochSecond());
      }
      case FORWARDED -> {
        ObjectNode origin = message.putObject("forward_origin");
        origin.put("type", "hidden_user");
        origin.put("sender_user_name", "Someone else");
        origin.put("date", clock.instant().getEpochSecond() - 60);
      }
    }
  }

  private ObjectNode standIn(long id, String firstName, String username) {
    ObjectNode u = json.createObjectNode();
    u.put("id", id);
    u.put("is_bot", true);
    u.put("first_name", firstName);
    u.put("username", username);
    return u;
  }
}
