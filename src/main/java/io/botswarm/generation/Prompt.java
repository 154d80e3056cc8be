package io.botswarm.generation;

import io.botswarm.bot.Holding;
import io.botswarm.bot.Memory;
import io.botswarm.bot.Mood;
import io.botswarm.bot.Persona;
import io.botswarm.bot.Stance;
import io.botswarm.generation.OpenAiClient.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The chat-completion messages for a draft: the persona as the system prompt, then the chat. */
public final class Prompt {

  private Prompt() {}

  public static List<Message> of(DraftRequest r) {
    List<Message> messages = new ArrayList<>();
    messages.add(new Message("system", system(r)));
    for (ChatLine line : r.recent()) {
      if (line.saidBy(r.botId())) messages.add(new Message("assistant", line.text()));
      else messages.add(new Message("user", line.speaker() + ": " + line.text()));
    }
    messages.add(
        new Message(
            "user",
            r.replyTo()
                .map(l -> "Write your reply to " + l.speaker() + ", who said: \"" + l.text() + "\"")
                .orElse("Start a new conversation in the group about something you care about.")));
    return messages;
  }

  static String system(DraftRequest r) {
    Persona p = r.persona();
    StringBuilder s = new StringBuilder();
    s.append("You are ")
        .append(p.name())
        .append(" (@")
        .append(p.handle())
        .append(") in a Telegram group chat.");
    if (p.bio() != null && !p.bio().isBlank()) s.append(' ').append(p.bio());
    if (p.speakingStyle() != null && !p.speakingStyle().isBlank())
      s.append("\nYour way of speaking: ").append(p.speakingStyle()).append('.');
    if (!p.lore().isEmpty()) s.append("\nYour background: ").append(String.join(" ", p.lore()));
    if (!p.adjectives().isEmpty())
      s.append("\nPeople would call you: ").append(String.join(", ", p.adjectives())).append('.');
    if (!Persona.DEFAULT_LANGUAGE.equals(p.language()))
      s.append("\nWrite in the language with the tag ").append(p.language()).append('.');
    if (!p.examples().isEmpty()) {
      s.append("\nMessages you have written, for your voice (do not repeat them):");
      for (String example : p.examples()) s.append("\n- ").append(example);
    }
    if (!p.interests().isEmpty())
      s.append("\nYou care about: ").append(String.join(", ", p.interests())).append('.');
    if (r.emotion().mood() != Mood.NEUTRAL)
      s.append(
          String.format(
              Locale.ROOT,
              "\nRight now you feel %s (intensity %.2f of 1).",
              r.emotion().mood().name().toLowerCase(Locale.ROOT),
              r.emotion().intensity()));
    if (!r.stances().isEmpty()) {
      s.append("\nYour positions (-1 against, +1 for):");
      for (Stance st : r.stances())
        s.append(
            String.format(
                Locale.ROOT,
                "\n- %s: %+.2f, confidence %.2f%s",
                st.topic(),
                st.position(),
                st.confidence(),
                st.rationale() == null || st.rationale().isBlank()
                    ? ""
                    : ", because " + st.rationale()));
    }
    if (!r.holdings().isEmpty()) {
      s.append("\nYou hold:");
      for (Holding h : r.holdings())
        s.append("\n- ")
            .append(h.quantity().stripTrailingZeros().toPlainString())
            .append(' ')
            .append(h.symbol())
            .append(" at an average cost of ")
            .append(h.averageCost().stripTrailingZeros().toPlainString());
    }
    if (!r.memories().isEmpty()) {
      s.append("\nYou remember:");
      for (Memory m : r.memories()) s.append("\n- ").append(m.content());
    }
    s.append(
            "\nWrite one message of one to three sentences, in character, consistent with your positions.")
        .append(
            " Never say that you are an AI or a bot, and do not put your name in front of the message.");
    return s.toString();
  }
}
