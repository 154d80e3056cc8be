package io.botswarm.chat;

import io.botswarm.chat.ChatCoordinator.ChatConfigured;
import io.botswarm.chat.ChatCoordinator.ChatSettingsChanged;
import io.botswarm.chat.ChatCoordinator.DraftAdmitted;
import io.botswarm.chat.ChatCoordinator.DraftRejected;
import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatCoordinator.MemberAdded;
import io.botswarm.chat.ChatCoordinator.MemberChanged;
import io.botswarm.chat.ChatCoordinator.MemberRemoved;
import io.botswarm.chat.ChatCoordinator.MessageReceived;
import io.botswarm.chat.ChatCoordinator.MessageSent;
import io.botswarm.chat.ChatCoordinator.SendFailed;
import io.botswarm.chat.ChatCoordinator.SendOutcomeUnknown;
import io.botswarm.chat.ChatStanding.MemberCannotPost;
import io.botswarm.chat.ChatStanding.MemberMayPostAgain;
import io.botswarm.generation.ChatLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a chat's coordinator knows, rebuilt from its events: settings, the rate limiter, the recent
 * messages (context for drafts and the outgoing dedup window; a message still being sent has the
 * negative of its draft id), the Telegram message ids already seen (incoming dedup), the messages
 * admitted whose outcome is not yet known, and the members Telegram does not let post here, with
 * why ({@code cannotPost}; absent from states of the previous version: none), and the recent
 * messages as each member bot knows them ({@link Deliveries}: a basic group's per-bot ids, the
 * messages nobody is to answer).
 */
public record ChatState(
    String chatId,
    ChatSettings settings,
    Limiter limiter,
    List<ChatLine> recent,
    Set<Long> seen,
    Map<Long, Pending> pending,
    long nextDraftId,
    Instant lastMessageAt,
    Map<String, String> cannotPost,
    Deliveries deliveries)
    implements ChatCoordinator.State {

  /** Recent messages kept; history and the dedup window use the last of these. */
  public static final int RECENT = 100;

  /** Telegram message ids remembered, so that a redelivered update is processed once. */
  public static final int SEEN = 5000;

  /**
   * A message admitted and handed to the transport, whose outcome is not journaled yet; {@code
   * threadId}: its forum topic, 0 for none (and in snapshots of the previous version).
   */
  public record Pending(
      long draftId,
      String botId,
      String text,
      Long replyToMessageId,
      Instant admittedAt,
      long threadId) {}

  public ChatState {
    recent = List.copyOf(recent);
    seen = Collections.unmodifiableSet(new LinkedHashSet<>(seen));
    pending = Collections.unmodifiableMap(new TreeMap<>(pending));
    cannotPost =
        cannotPost == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(cannotPost));
    // Snapshots taken before #15 have no deliveries: the messages from then on fill them.
    deliveries = deliveries == null ? Deliveries.NONE : deliveries;
  }

  static ChatState configured(ChatConfigured e) {
    return new ChatState(
        e.chatId(),
        e.settings(),
        Limiter.fresh(e.settings().limits().orElseThrow()),
        List.of(),
        Set.of(),
        Map.of(),
        1,
        e.at(),
        Map.of(),
        Deliveries.NONE);
  }

  /**
   * A chat configured from {@code state}: one that ran before (then pending or removed) continues
   * where it stood, with the new settings.
   */
  static ChatState configured(ChatCoordinator.State state, ChatConfigured e) {
    return before(state).map(chat -> chat.apply(e)).orElseGet(() -> configured(e));
  }

  /** The chat as it ran last, if it ever did. */
  static Optional<ChatState> before(ChatCoordinator.State state) {
    if (state instanceof ChatState chat) return Optional.of(chat);
    if (state instanceof PendingChat p) return p.before();
    if (state instanceof RemovedChat r) return r.before();
    return Optional.empty();
  }

  public ChatState apply(Event event) {
    if (event instanceof ChatConfigured e) {
      return new ChatState(
          chatId,
          e.settings(),
          limiter.withLimits(e.settings().limits().orElseThrow()),
          recent,
          seen,
          pending,
          nextDraftId,
          lastMessageAt,
          cannotPost,
          deliveries);
    } else if (event instanceof ChatSettingsChanged e) {
      return withSettings(e.settings());
    } else if (event instanceof MemberAdded e) {
      List<ChatSettings.Member> members = new ArrayList<>(settings.members());
      members.add(e.member());
      return withSettings(settings.withMembers(members));
    } else if (event instanceof MemberRemoved e) {
      return withSettings(
          settings.withMembers(
              settings.members().stream()
                  .filter(m -> !m.botId().equals(e.member().botId()))
                  .toList()));
    } else if (event instanceof MemberChanged e) {
      return withSettings(
          settings.withMembers(
              settings.members().stream()
                  .map(m -> m.botId().equals(e.member().botId()) ? e.member() : m)
                  .toList()));
    } else if (event instanceof MessageReceived e) {
      var ids = seenWith(e.messageId());
      return new ChatState(
          chatId,
          settings,
          limiter,
          appended(lineOf(e)),
          ids,
          pending,
          nextDraftId,
          e.at(),
          cannotPost,
          deliveries.received(e));
    } else if (event instanceof DraftAdmitted e) {
      var open = new TreeMap<>(pending);
      open.put(
          e.draftId(),
          new Pending(
              e.draftId(), e.botId(), e.text(), e.replyToMessageId(), e.at(), e.threadId()));
      var line =
          new ChatLine(
              -e.draftId(), speakerName(e.botId()), e.botId(), e.text(), e.at(), e.threadId());
      return new ChatState(
          chatId,
          settings,
          limiter.admit(e.botId(), e.at()),
          appended(line),
          seen,
          open,
          Math.max(nextDraftId, e.draftId() + 1),
          lastMessageAt,
          cannotPost,
          deliveries);
    } else if (event instanceof MessageSent e) {
      // Its Telegram id is seen: the message must not come back in as someone else's.
      var ids = seenWith(e.messageId());
      List<ChatLine> lines = new ArrayList<>(recent.size());
      for (ChatLine l : recent)
        lines.add(l.messageId() == -e.draftId() ? l.withId(e.messageId()) : l);
      return new ChatState(
          chatId,
          settings,
          limiter,
          lines,
          ids,
          closed(e.draftId()),
          nextDraftId,
          e.at(),
          cannotPost,
          deliveries.sent(e));
    } else if (event instanceof SendFailed e) {
      List<ChatLine> lines = recent.stream().filter(l -> l.messageId() != -e.draftId()).toList();
      return new ChatState(
          chatId,
          settings,
          limiter,
          lines,
          seen,
          closed(e.draftId()),
          nextDraftId,
          lastMessageAt,
          cannotPost,
          deliveries);
    } else if (event instanceof SendOutcomeUnknown e) {
      // It may be in the chat: keep its line for dedup, under its draft id.
      return new ChatState(
          chatId,
          settings,
          limiter,
          recent,
          seen,
          closed(e.draftId()),
          nextDraftId,
          lastMessageAt,
          cannotPost,
          deliveries);
    } else if (event instanceof DraftRejected) {
      return this;
    } else if (event instanceof MemberCannotPost e) {
      var silenced = new TreeMap<>(cannotPost);
      silenced.put(e.botId(), e.why());
      return with(settings, limiter, silenced);
    } else if (event instanceof MemberMayPostAgain e) {
      var silenced = new TreeMap<>(cannotPost);
      silenced.remove(e.botId());
      return with(settings, limiter, silenced);
    } else if (event instanceof ChatIncoming.MessageAlsoReceived e) {
      return new ChatState(
          chatId,
          settings,
          limiter,
          recent,
          seen,
          pending,
          nextDraftId,
          lastMessageAt,
          cannotPost,
          deliveries.also(e));
    }
    throw new IllegalArgumentException(
        "chat " + chatId + ": cannot apply " + event.getClass().getSimpleName());
  }

  private ChatState withSettings(ChatSettings next) {
    Limiter limits =
        next.limits().equals(settings.limits())
            ? limiter
            : limiter.withLimits(next.limits().orElseThrow());
    return with(next, limits, cannotPost);
  }

  private ChatState with(ChatSettings next, Limiter limits, Map<String, String> barred) {
    return new ChatState(
        chatId,
        next,
        limits,
        recent,
        seen,
        pending,
        nextDraftId,
        lastMessageAt,
        barred,
        deliveries);
  }

  /** Whether Telegram lets {@code botId} post here, as far as the chat was told. */
  public boolean mayPost(String botId) {
    return !cannotPost.containsKey(botId);
  }

  /** The members that may post here: the only ones asked for drafts. */
  public List<ChatSettings.Member> postingMembers() {
    return settings.members().stream().filter(m -> mayPost(m.botId())).toList();
  }

  /** Whether bots may speak now: the chat is enabled and it is not quiet hours. */
  public boolean mayTalk(Instant now) {
    return settings.enabled() && settings.quietHours().map(q -> !q.covers(now)).orElse(true);
  }

  /**
   * Whether an idle chat should get a conversation starter now: quiet for {@code every}, nothing on
   * its way out, bots may speak, it has members that may post and its starters are on.
   */
  public boolean wantsStarter(Instant now, Duration every) {
    return Duration.between(lastMessageAt, now).compareTo(every) >= 0
        && pending.isEmpty()
        && mayTalk(now)
        && settings.starters()
        && !postingMembers().isEmpty();
  }

  /**
   * Whether {@code speakerBotId} (a bot id or a Telegram username) is a member: in bot-to-bot mode
   * a member's own message comes back in, and the coordinator already has it from {@link
   * MessageSent}.
   */
  public boolean spokenByMember(String speakerBotId) {
    return speakerBotId != null
        && !speakerBotId.isEmpty()
        && settings.members().stream()
            .anyMatch(
                b -> b.botId().equals(speakerBotId) || b.handle().equalsIgnoreCase(speakerBotId));
  }

  /**
   * The chat's last line when it is a person's message from within {@code within} and no draft is
   * on its way: an earlier incarnation took it in and died before anyone answered.
   */
  public Optional<ChatLine> unansweredQuestion(Instant now, Duration within) {
    if (recent.isEmpty() || !pending.isEmpty()) return Optional.empty();
    ChatLine last = recent.get(recent.size() - 1);
    boolean fresh = last.at().plus(within).isAfter(now);
    return last.speakerId().isEmpty()
            && last.messageId() > 0
            && fresh
            && !deliveries.heardOnly(last.messageId())
        ? Optional.of(last)
        : Optional.empty();
  }

  /** The event that records how the hand-over of {@code p} ended. */
  public Event handedOver(Pending p, ChatTransport.Outcome outcome, Instant now) {
    if (outcome instanceof ChatTransport.Sent sent)
      return new MessageSent(
          chatId,
          p.draftId(),
          p.botId(),
          sent.messageId(),
          p.text(),
          p.replyToMessageId(),
          now,
          sent.partsSent(),
          sent.parts(),
          p.threadId());
    if (outcome instanceof ChatTransport.Failed failed)
      return new SendFailed(chatId, p.draftId(), p.botId(), failed.reason(), now);
    return new SendOutcomeUnknown(
        chatId, p.draftId(), p.botId(), ((ChatTransport.Unknown) outcome).reason(), now);
  }

  /**
   * A message that arrived in the chat, as journaled; {@code now} when it carries no time. What it
   * answers is in the journaled ids: in a basic group the receiver's id for it is translated, and
   * left out when this chat does not know it (never taken as another message's id).
   */
  public MessageReceived received(Incoming m, Instant now, Unanswered unanswered) {
    Optional<Long> replyTo =
        Deliveries.basicGroup(chatId) && !m.receivedBy().isEmpty()
            ? m.replyToMessageId().flatMap(id -> deliveries.canonical(m.receivedBy(), id))
            : m.replyToMessageId();
    return new MessageReceived(
        chatId,
        m.messageId(),
        m.speaker(),
        m.speakerBotId() == null ? "" : m.speakerBotId(),
        m.text(),
        replyTo.orElse(null),
        m.at() == null ? now : m.at(),
        m.receivedBy(),
        m.senderKey(),
        unanswered,
        m.threadId());
  }

  /** A message that arrived in the chat, which may be answered; see the three-argument form. */
  public MessageReceived received(Incoming m, Instant now) {
    return received(m, now, m.unanswered().orElse(null));
  }

  /**
   * Whether {@code botId} has the message journaled as {@code messageId} under an id of its own to
   * reply with: always in a supergroup; in a basic group once its gateway delivered its copy.
   */
  public boolean canReplyTo(long messageId, String botId) {
    return !Deliveries.basicGroup(chatId) || deliveries.idFor(messageId, botId).isPresent();
  }

  /** The id {@code botId} quotes to reply to the message journaled as {@code messageId}. */
  public Optional<Long> replyIdFor(long messageId, String botId) {
    return Deliveries.basicGroup(chatId)
        ? deliveries.idFor(messageId, botId)
        : Optional.of(messageId);
  }

  public static ChatLine lineOf(MessageReceived e) {
    return new ChatLine(
        e.messageId(), e.speaker(), e.speakerBotId(), e.text(), e.at(), e.threadId());
  }

  /** A sent message as a line of the chat, under its speaker's name. */
  public ChatLine lineOf(MessageSent e) {
    return new ChatLine(
        e.messageId(), speakerName(e.botId()), e.botId(), e.text(), e.at(), e.threadId());
  }

  /** The ids seen with one more, the oldest forgotten past {@link #SEEN}. */
  private Set<Long> seenWith(long messageId) {
    var ids = new LinkedHashSet<>(seen);
    ids.add(messageId);
    while (ids.size() > SEEN) ids.remove(ids.iterator().next());
    return ids;
  }

  /** The last {@code n} messages, oldest first. */
  public List<ChatLine> last(int n) {
    return recent.subList(Math.max(0, recent.size() - n), recent.size());
  }

  /**
   * The last {@code n} messages of the forum topic {@code threadId} (0: General, or the whole of a
   * chat without topics), oldest first: each topic is a conversation of its own.
   */
  public List<ChatLine> last(int n, long threadId) {
    List<ChatLine> inThread = recent.stream().filter(l -> l.threadId() == threadId).toList();
    return inThread.subList(Math.max(0, inThread.size() - n), inThread.size());
  }

  /**
   * Bots' messages in a row at the end of the topic {@code threadId}: a person's message there ends
   * the chain. Each topic is a conversation of its own, so each has its own chain.
   */
  public int botChain(long threadId) {
    int chain = 0;
    for (int i = recent.size() - 1; i >= 0; i--) {
      ChatLine line = recent.get(i);
      if (line.threadId() != threadId || line.messageId() < 0) continue;
      if (line.speakerId().isEmpty()) break;
      chain++;
    }
    return chain;
  }

  /** The forum topic of the recent message {@code messageId}; 0 when none or not known. */
  public long threadOf(long messageId) {
    return recent.stream()
        .filter(l -> l.messageId() == messageId)
        .mapToLong(ChatLine::threadId)
        .findFirst()
        .orElse(0);
  }

  /**
   * The recent message of the forum topic {@code threadId} that {@code text} repeats, with its
   * similarity, if any: the same words in another topic are another conversation's.
   */
  public Optional<Duplicate> duplicateOf(
      String text, long threadId, Instant now, Duration window, int messages, double threshold) {
    String normalized = TextSimilarity.normalize(text);
    var shingles = TextSimilarity.shingles(normalized);
    Instant since = now.minus(window);
    List<ChatLine> candidates = last(messages, threadId);
    for (int i = candidates.size() - 1; i >= 0; i--) {
      ChatLine line = candidates.get(i);
      if (line.at().isBefore(since)) continue;
      String other = TextSimilarity.normalize(line.text());
      if (other.equals(normalized)) return Optional.of(new Duplicate(line, 1.0));
      double similarity = TextSimilarity.jaccard(shingles, TextSimilarity.shingles(other));
      if (similarity >= threshold) return Optional.of(new Duplicate(line, similarity));
    }
    return Optional.empty();
  }

  public record Duplicate(ChatLine of, double similarity) {}

  private String speakerName(String botId) {
    return settings.member(botId).map(ChatSettings.Member::name).orElse(botId);
  }

  private List<ChatLine> appended(ChatLine line) {
    List<ChatLine> lines =
        new ArrayList<>(recent.subList(Math.max(0, recent.size() - RECENT + 1), recent.size()));
    lines.add(line);
    return lines;
  }

  private Map<Long, Pending> closed(long draftId) {
    var open = new TreeMap<>(pending);
    open.remove(draftId);
    return open;
  }
}
