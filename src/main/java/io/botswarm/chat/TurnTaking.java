package io.botswarm.chat;

import io.botswarm.bot.Words;
import io.botswarm.chat.ChatSettings.Member;
import io.botswarm.generation.ChatLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Who speaks next. For a message: the bots it mentions or answers, then the bots whose topics it
 * touches (most touched first), then others by chance weighted by the chat's activity; at most
 * {@code max}, never the speaker itself, and only members Telegram lets post ({@link
 * ChatState#postingMembers}). Deterministic for a given random source.
 */
final class TurnTaking {

  /** The chance an untouched member joins in, per unit of the chat's activity. */
  static final double UNINVITED = 0.3;

  private TurnTaking() {}

  static List<String> responders(
      ChatState state, ChatLine message, Optional<Long> replyTo, int max, Random rnd) {
    if (max <= 0) return List.of();
    List<Member> members = state.postingMembers();
    String lower = message.text().toLowerCase(Locale.ROOT);
    Set<String> words = new HashSet<>(Words.of(message.text()));
    LinkedHashSet<String> chosen = new LinkedHashSet<>();
    for (Member m : members)
      if (lower.contains("@" + m.handle().toLowerCase(Locale.ROOT))) chosen.add(m.botId());
    replyTo
        .flatMap(id -> state.recent().stream().filter(l -> l.messageId() == id).findFirst())
        .filter(l -> !l.speakerId().isEmpty() && state.mayPost(l.speakerId()))
        .ifPresent(l -> chosen.add(l.speakerId()));
    members.stream()
        .filter(m -> touched(m, words) > 0)
        .sorted(Comparator.comparingLong((Member m) -> touched(m, words)).reversed())
        .forEach(m -> chosen.add(m.botId()));
    for (Member m : members)
      if (rnd.nextDouble() < state.settings().activity() * UNINVITED) chosen.add(m.botId());
    chosen.remove(message.speakerId());
    if (chosen.isEmpty() && state.settings().activity() > 0) {
      // A question to a lively chat does not go unanswered: someone takes it.
      List<Member> others =
          members.stream().filter(m -> !m.botId().equals(message.speakerId())).toList();
      if (!others.isEmpty()) chosen.add(others.get(rnd.nextInt(others.size())).botId());
    }
    return new ArrayList<>(chosen).subList(0, Math.min(max, chosen.size()));
  }

  /** Another member to answer a bot's message, by chance; mentioned or topical ones first. */
  static Optional<String> botReply(ChatState state, ChatLine message, double chance, Random rnd) {
    if (rnd.nextDouble() >= chance * state.settings().activity()) return Optional.empty();
    List<String> candidates =
        responders(state, message, Optional.empty(), state.settings().members().size(), rnd);
    if (candidates.isEmpty()) {
      List<Member> others =
          state.postingMembers().stream()
              .filter(m -> !m.botId().equals(message.speakerId()))
              .toList();
      return others.isEmpty()
          ? Optional.empty()
          : Optional.of(others.get(rnd.nextInt(others.size())).botId());
    }
    return Optional.of(candidates.get(0));
  }

  static long touched(Member m, Set<String> words) {
    return m.topics().stream().filter(t -> Words.mentions(words, t)).count();
  }
}
